#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the local Kubernetes control plane from source through the Go module
# proxy (no Docker, no downloads other than Go modules) and caches it:
#
#   kube-apiserver, kube-controller-manager, kube-scheduler  (k8s.io/kubernetes, hack/controlplane/go.mod)
#   etcd                                                     (go.etcd.io/etcd/server/v3, same module graph)
#   kwok                                                     (sigs.k8s.io/kwok, hack/kwok/go.mod)
#   kubectl                                                  (/usr/bin/kubectl if present, else built)
#   Gateway API standard CRDs (YAML, not built)              (sigs.k8s.io/gateway-api, hack/gateway-api-crds.sh)
#
# into ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/bin/<component>-<version>/ and lays out
# ${MODELGATE_CACHE}/kubeapitest/k8s/<x.y.z>-linux-amd64/{etcd,kube-apiserver,kubectl}
# for io.fabric8:kube-api-test, and ends with hack/gateway-api-crds.sh (the CRDs in
# ${MODELGATE_CACHE}/gateway-api/<version>/).
#
# Idempotent: a binary that already exists is skipped, so a warm run takes seconds.
# A version bump in go.mod builds into a new folder. FORCE=1 rebuilds everything.
# Usage: hack/build-controlplane.sh [--print-env]
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

print_env() {
  cat <<EOF
MODELGATE_CACHE=$MODELGATE_CACHE
K8S_VERSION=$K8S_VERSION
ETCD_VERSION=$ETCD_VERSION
KWOK_VERSION=$KWOK_VERSION
KUBE_APISERVER=$KUBE_APISERVER
KUBE_CONTROLLER_MANAGER=$KUBE_CONTROLLER_MANAGER
KUBE_SCHEDULER=$KUBE_SCHEDULER
ETCD=$ETCD
KWOK=$KWOK
KUBECTL=$KUBECTL
KUBE_API_TEST_DIR=$KUBE_API_TEST_DIR_DEFAULT
KUBE_API_TEST_VERSION_DIR=$KUBE_API_TEST_VERSION_DIR
GATEWAY_API_VERSION=$GATEWAY_API_VERSION
GATEWAY_API_CRDS_DIR=$GATEWAY_API_CRDS_DIR
EOF
}

if [[ "${1:-}" == "--print-env" ]]; then
  print_env
  exit 0
fi

[[ -n "$K8S_VERSION" && -n "$ETCD_VERSION" && -n "$KWOK_VERSION" ]] || {
  echo "cannot read versions from hack/controlplane/go.mod or hack/kwok/go.mod" >&2
  exit 1
}
command -v "$GO" >/dev/null || { echo "go not found (looked for $GO)" >&2; exit 1; }

# Use the machine's Go, never download a toolchain; static binaries; no VCS stamping
# (the wrapper modules live inside the project's work tree).
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
# Two cores here: never run more than one build at a time (this script is sequential);
# GOMAXPROCS / -p are left to Go's default (= cores).

FORCE="${FORCE:-0}"
SCRIPT_START=$SECONDS
declare -a SUMMARY=()

k8s_ldflags() {
  local v="$K8S_VERSION" major minor
  major="${v#v}"; major="${major%%.*}"
  minor="${v#v*.}"; minor="${minor%%.*}"
  local date
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  local flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  echo "$flags"
}

# build <name> <output> <module dir> <package> <ldflags>
build() {
  local name="$1" out="$2" moddir="$3" pkg="$4" ldflags="$5"
  if [[ -x "$out" && "$FORCE" != 1 ]]; then
    echo "==> $name: present, skipped ($out)"
    SUMMARY+=("$(printf '%-24s %6s  %s' "$name" "cached" "$out")")
    return
  fi
  mkdir -p "$(dirname "$out")"
  echo "==> $name: building $pkg"
  local t0=$SECONDS
  # Build to a temporary name and rename: an interrupted build never leaves a
  # half-written binary that a later run would take as present.
  (cd "$moddir" && "$GO" build -ldflags "$ldflags" -o "$out.tmp.$$" "$pkg")
  mv -f "$out.tmp.$$" "$out"
  local dt=$((SECONDS - t0))
  echo "==> $name: built in ${dt}s"
  SUMMARY+=("$(printf '%-24s %5ss  %s' "$name" "$dt" "$out")")
}

echo "Modelgate control plane: kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION"
echo "Go: $("$GO" version)   cache: $MODELGATE_CACHE"

K8S_LDFLAGS="$(k8s_ldflags)"
CP="$HACK_DIR/controlplane"

K8S_PKGS=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager
  k8s.io/kubernetes/cmd/kube-scheduler go.etcd.io/etcd/server/v3)
[[ "$KUBECTL_BUILT" == 1 ]] && K8S_PKGS+=(k8s.io/kubernetes/cmd/kubectl)

# When something is to be built, fetch the modules it needs first (a no-op when the
# module cache has them), so that the per-binary times below are compile times. Only the
# modules of the packages built are fetched, not the whole module graph.
need_build=0
for b in "$KUBE_APISERVER" "$KUBE_CONTROLLER_MANAGER" "$KUBE_SCHEDULER" "$ETCD" "$KWOK" "$KUBECTL"; do
  [[ -x "$b" && "$FORCE" != 1 ]] || need_build=1
done
if [[ "$need_build" == 1 ]]; then
  t0=$SECONDS
  (cd "$CP" && "$GO" list -deps -f '{{if .Module}}{{.Module.Path}}{{end}}' "${K8S_PKGS[@]}" >/dev/null)
  (cd "$HACK_DIR/kwok" && "$GO" list -deps -f '{{if .Module}}{{.Module.Path}}{{end}}' sigs.k8s.io/kwok/cmd/kwok >/dev/null)
  echo "==> module download (go list -deps): $((SECONDS - t0))s"
fi

build kube-apiserver          "$KUBE_APISERVER"          "$CP" k8s.io/kubernetes/cmd/kube-apiserver          "$K8S_LDFLAGS"
build kube-controller-manager "$KUBE_CONTROLLER_MANAGER" "$CP" k8s.io/kubernetes/cmd/kube-controller-manager "$K8S_LDFLAGS"
build kube-scheduler          "$KUBE_SCHEDULER"          "$CP" k8s.io/kubernetes/cmd/kube-scheduler          "$K8S_LDFLAGS"
build etcd                    "$ETCD"                    "$CP" go.etcd.io/etcd/server/v3                     "-s -w"
build kwok                    "$KWOK"                    "$HACK_DIR/kwok" sigs.k8s.io/kwok/cmd/kwok \
  "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}"
if [[ "$KUBECTL_BUILT" == 1 ]]; then
  build kubectl "$KUBECTL" "$CP" k8s.io/kubernetes/cmd/kubectl "$K8S_LDFLAGS"
else
  SUMMARY+=("$(printf '%-24s %6s  %s' kubectl "system" "$KUBECTL")")
fi

# kube-api-test layout. kube-api-test 7.5.2 only checks that the three files exist and
# runs them, so a symlink would do; but it starts etcd with
# --listen-client-urls=http://0.0.0.0:<port> (hard-coded) and kube-apiserver without
# --bind-address (so on 0.0.0.0). etcd and kube-apiserver are therefore tiny wrappers
# that exec the real binary with every http://0.0.0.0: / http://localhost: URL turned
# into 127.0.0.1, and --bind-address=127.0.0.1 first for the apiserver (a later
# --bind-address from the test still wins). exec keeps the pid, so kube-api-test
# stops the real process. kubectl is a symlink.
# shellcheck disable=SC2016 # the wrapper body is written literally
write_wrapper() { # write_wrapper <file> <real binary> <extra leading args>
  local file="$1" real="$2" extra="$3" tmp="$1.tmp.$$"
  {
    echo '#!/usr/bin/env bash'
    echo "# Generated by hack/build-controlplane.sh: runs $real on loopback only."
    echo 'args=()'
    echo 'for a in "$@"; do'
    echo '  a="${a//\/\/0.0.0.0:/\/\/127.0.0.1:}"'
    echo '  a="${a//\/\/localhost:/\/\/127.0.0.1:}"'
    echo '  args+=("$a")'
    echo 'done'
    echo "exec \"$real\" $extra \"\${args[@]}\""
  } >"$tmp"
  chmod 755 "$tmp"
  mv -f "$tmp" "$file"
}
mkdir -p "$KUBE_API_TEST_VERSION_DIR"
rm -f "$KUBE_API_TEST_VERSION_DIR/etcd" "$KUBE_API_TEST_VERSION_DIR/kube-apiserver"
write_wrapper "$KUBE_API_TEST_VERSION_DIR/etcd" "$ETCD" ""
write_wrapper "$KUBE_API_TEST_VERSION_DIR/kube-apiserver" "$KUBE_APISERVER" "--bind-address=127.0.0.1"
ln -sfn "$KUBECTL" "$KUBE_API_TEST_VERSION_DIR/kubectl"

echo
echo "Summary (total $((SECONDS - SCRIPT_START))s):"
printf '  %s\n' "${SUMMARY[@]}"
echo
echo "Versions:"
echo "  $("$KUBE_APISERVER" --version)"
echo "  $("$ETCD" --version | sed -n 1p)"
echo "  kwok $("$KWOK" --version 2>/dev/null | sed -n 1p || true)"
echo "  $("$KUBECTL" version --client 2>/dev/null | sed -n 1p)"
echo
echo "kube-api-test: KUBE_API_TEST_DIR=$KUBE_API_TEST_DIR_DEFAULT"
echo "               binaries in $KUBE_API_TEST_VERSION_DIR"
# shellcheck disable=SC2012 # a listing for people to read, not parsed
ls -l "$KUBE_API_TEST_VERSION_DIR" | sed 's/^/               /'

# Gateway API standard CRDs for the tests and the local cluster (a no-op when cached).
echo
echo "Gateway API $GATEWAY_API_VERSION standard CRDs: $("$HACK_DIR/gateway-api-crds.sh")"
