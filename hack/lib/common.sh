# shellcheck shell=bash disable=SC2034 # variables for the scripts that source this file
# Shared settings for hack/build-controlplane.sh and hack/local-cluster.sh.
# Sourced, not executed. Versions come from the pinned wrapper modules so that
# go.mod is the single source of truth.

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELGATE_CACHE="${MODELGATE_CACHE:-$HOME/.cache/modelgate}"

_modver() { # _modver <go.mod> <module path>
  awk -v m="$2" '$1 == "require" { $1 = ""; $0 = $0 } $1 == m && $2 ~ /^v/ { print $2; exit }' "$1"
}

K8S_VERSION="$(_modver "$HACK_DIR/controlplane/go.mod" k8s.io/kubernetes)"
ETCD_VERSION="$(_modver "$HACK_DIR/controlplane/go.mod" go.etcd.io/etcd/server/v3)"
KWOK_VERSION="$(_modver "$HACK_DIR/kwok/go.mod" sigs.k8s.io/kwok)"

# One folder per component and version: a version bump builds into a new folder.
K8S_BIN_DIR="$MODELGATE_CACHE/bin/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$MODELGATE_CACHE/bin/etcd-$ETCD_VERSION"
KWOK_BIN_DIR="$MODELGATE_CACHE/bin/kwok-$KWOK_VERSION"

# Layout expected by io.fabric8:kube-api-test: $KUBE_API_TEST_DIR/k8s/<x.y.z>-linux-amd64/
KUBE_API_TEST_DIR_DEFAULT="$MODELGATE_CACHE/kubeapitest"
KUBE_API_TEST_VERSION_DIR="$KUBE_API_TEST_DIR_DEFAULT/k8s/${K8S_VERSION#v}-linux-amd64"

KUBE_APISERVER="$K8S_BIN_DIR/kube-apiserver"
KUBE_CONTROLLER_MANAGER="$K8S_BIN_DIR/kube-controller-manager"
KUBE_SCHEDULER="$K8S_BIN_DIR/kube-scheduler"
ETCD="$ETCD_BIN_DIR/etcd"
KWOK="$KWOK_BIN_DIR/kwok"

# kubectl: the machine's own (Google Cloud SDK package, 1.32) when present;
# otherwise (or with MODELGATE_BUILD_KUBECTL=1) the one build-controlplane.sh builds
# from the pinned module, matching the server version.
if [[ -x /usr/bin/kubectl && "${MODELGATE_BUILD_KUBECTL:-0}" != 1 ]]; then
  KUBECTL=/usr/bin/kubectl
  KUBECTL_BUILT=0
else
  KUBECTL="$K8S_BIN_DIR/kubectl"
  KUBECTL_BUILT=1
fi

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"

# Gateway API standard CRDs (hack/gateway-api-crds.sh): the one pin of the release, and the
# folder the CRD files are cached in (read the same way by the tests' GatewayApiCrds).
GATEWAY_API_VERSION=v1.6.3
GATEWAY_API_CRDS_DIR="$MODELGATE_CACHE/gateway-api/$GATEWAY_API_VERSION"
