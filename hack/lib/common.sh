# shellcheck shell=bash disable=SC2034 # variables for the scripts that source this file
# Shared settings for hack/install-deps.sh, build-controlplane.sh, build-kstatus.sh, local-cluster.sh and the others.
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
# The tests' kstatus tool (hack/build-kstatus.sh) is named after the cli-utils it is built on.
KSTATUS_VERSION="$(_modver "$HACK_DIR/kstatus/go.mod" sigs.k8s.io/cli-utils)"

# One folder per component and version: a version bump builds into a new folder.
K8S_BIN_DIR="$MODELGATE_CACHE/bin/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$MODELGATE_CACHE/bin/etcd-$ETCD_VERSION"
KWOK_BIN_DIR="$MODELGATE_CACHE/bin/kwok-$KWOK_VERSION"
KSTATUS_BIN_DIR="$MODELGATE_CACHE/bin/kstatus-$KSTATUS_VERSION"

# Layout expected by io.fabric8:kube-api-test: $KUBE_API_TEST_DIR/k8s/<x.y.z>-linux-amd64/
KUBE_API_TEST_DIR_DEFAULT="$MODELGATE_CACHE/kubeapitest"
KUBE_API_TEST_VERSION_DIR="$KUBE_API_TEST_DIR_DEFAULT/k8s/${K8S_VERSION#v}-linux-amd64"

KUBE_APISERVER="$K8S_BIN_DIR/kube-apiserver"
KUBE_CONTROLLER_MANAGER="$K8S_BIN_DIR/kube-controller-manager"
KUBE_SCHEDULER="$K8S_BIN_DIR/kube-scheduler"
ETCD="$ETCD_BIN_DIR/etcd"
KWOK="$KWOK_BIN_DIR/kwok"
KSTATUS="$KSTATUS_BIN_DIR/kstatus"

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

# Go. The machines have it (/usr/local/go/bin/go); where one has none, or too old a one,
# hack/install-deps.sh fetches the pinned toolchain below (the Go module golang.org/toolchain,
# from the proxy that GOPROXY names) into $GO_FALLBACK_ROOT. The scripts use $GO when set, else
# that fetched toolchain when present, else `go` on the PATH, else /usr/local/go/bin/go.
GO_FALLBACK_VERSION=go1.26.8
# sha256 of golang.org/toolchain v0.0.1-go1.26.8.linux-amd64.zip (h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM=
# in Go's checksum database, checked by `go mod download` when this was pinned).
GO_FALLBACK_SHA256=30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7
GO_FALLBACK_ROOT="$MODELGATE_CACHE/go/$GO_FALLBACK_VERSION"
if [[ -z "${GO:-}" ]]; then
  if [[ -x "$GO_FALLBACK_ROOT/bin/go" ]]; then
    GO="$GO_FALLBACK_ROOT/bin/go"
  else
    GO="$(command -v go || echo /usr/local/go/bin/go)"
  fi
fi

# Gateway API standard CRDs (hack/gateway-api-crds.sh): the one pin of the release, and the
# folder the CRD files are cached in (read the same way by the tests' GatewayApiCrds).
GATEWAY_API_VERSION=v1.6.3
GATEWAY_API_CRDS_DIR="$MODELGATE_CACHE/gateway-api/$GATEWAY_API_VERSION"

# Platform controllers (hack/build-platform.sh, hack/platform.sh): JobSet, Kueue and the Kubeflow
# Trainer, each pinned by its own wrapper module under hack/platform/<name>/. Each component's
# folder holds its manager binary, its CRDs as the module ships them (crds/), the rendered CRDs and
# webhook configurations with placeholders for the local webhook URL (cluster/), and for the Trainer
# the ClusterTrainingRuntime examples (runtimes/).
JOBSET_VERSION="$(_modver "$HACK_DIR/platform/jobset/go.mod" sigs.k8s.io/jobset)"
KUEUE_VERSION="$(_modver "$HACK_DIR/platform/kueue/go.mod" sigs.k8s.io/kueue)"
TRAINER_VERSION="$(_modver "$HACK_DIR/platform/trainer/go.mod" github.com/kubeflow/trainer/v2)"
JOBSET_DIR="$MODELGATE_CACHE/bin/jobset-$JOBSET_VERSION"
KUEUE_DIR="$MODELGATE_CACHE/bin/kueue-$KUEUE_VERSION"
TRAINER_DIR="$MODELGATE_CACHE/bin/trainer-$TRAINER_VERSION"
# KServe (serving): its own wrapper module, the same layout (no conversion webhooks: its CRDs have one
# version each), plus runtimes/ (ClusterServingRuntimes) and cluster/inferenceservice-config.yaml.
KSERVE_VERSION="$(_modver "$HACK_DIR/platform/kserve/go.mod" github.com/kserve/kserve)"
KSERVE_DIR="$MODELGATE_CACHE/bin/kserve-$KSERVE_VERSION"
KSERVE_MANAGER="$KSERVE_DIR/kserve-controller-manager"
JOBSET_MANAGER="$JOBSET_DIR/jobset-controller-manager"
KUEUE_MANAGER="$KUEUE_DIR/kueue-controller-manager"
TRAINER_MANAGER="$TRAINER_DIR/trainer-controller-manager"

# MLflow tracking server with its model registry (hack/mlflow.sh; the tests' LocalMlflow): a Python
# virtual environment per version. 3.18.0 is the newest mlflow, but it requires mlflow-tracing==3.18.0,
# which the package index does not serve (newest there: 3.17.2), so it does not resolve; 3.17.2 does.
MLFLOW_VERSION=3.17.2
MLFLOW_DIR="$MODELGATE_CACHE/mlflow-$MLFLOW_VERSION"
# A symbolic link to the real venv folder beside it (venv-<stamp>/): a venv cannot be moved once made
# (its scripts name its python by absolute path), so it is published by renaming the link instead.
MLFLOW_VENV="$MLFLOW_DIR/venv"
MLFLOW="$MLFLOW_VENV/bin/mlflow"
