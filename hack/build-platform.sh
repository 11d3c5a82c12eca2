#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the platform controllers that Modelgate trains on, from source through the Go module proxy
# (no Docker, no downloads other than Go modules), and caches them with their manifests:
#
#   jobset   JobSet controller manager      sigs.k8s.io/jobset               hack/platform/jobset/go.mod
#   kueue    Kueue controller manager       sigs.k8s.io/kueue/cmd/kueue      hack/platform/kueue/go.mod
#   trainer  Kubeflow Trainer (v2) manager  github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager
#                                                                            hack/platform/trainer/go.mod
#   kserve   KServe controller manager      github.com/kserve/kserve/cmd/manager
#                                                                            hack/platform/kserve/go.mod
#
# into ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/bin/<component>-<version>/:
#
#   <component>-controller-manager  the manager binary (static, -trimpath, version stamped where the
#                                   project has a version package)
#   crds/                           the CustomResourceDefinitions exactly as the module ships them
#                                   (kubebuilder bases: no conversion webhook)
#   cluster/crds.yaml               the CRDs as the project's own kustomization renders them (with the
#                                   conversion webhook where it has one: Kueue's v1beta1 <-> v1beta2)
#   cluster/webhooks.yaml           its Mutating/ValidatingWebhookConfigurations, rendered likewise
#                                   (selectors and failure policies as upstream)
#   runtimes/                       trainer: the ClusterTrainingRuntime examples of the module
#                                   (manifests/base/runtimes: torch_distributed.yaml, ...); kserve: its
#                                   ClusterServingRuntimes (config/runtimes rendered: sklearn, mlserver,
#                                   torchserve, tensorflow-serving, triton, huggingface, ...)
#   cluster/inferenceservice-config.yaml  kserve only: its ConfigMap (config/configmap) in Standard
#                                   (raw deployment) mode with Ingress creation off
#
# In cluster/, every webhook clientConfig (service name/namespace/path) is replaced by
#   caBundle: __MODELGATE_CA_BUNDLE__
#   url: __MODELGATE_WEBHOOK_URL__<the upstream path>
# which hack/platform.sh fills with its CA and https://127.0.0.1:<port> of the manager it runs.
# The manifests are read from the module's source in GOMODCACHE (rendered with `kubectl kustomize`);
# nothing but the CRDs and webhook configurations is kept (no Deployment, Service, RBAC, APIService).
#
# Idempotent: a binary that exists is skipped, as is a manifest folder stamped complete, so a warm
# run takes well under a second. A version bump in a go.mod builds into a new folder. FORCE=1
# rebuilds everything. Binaries and manifests are written under temporary names and renamed.
#
# Usage: hack/build-platform.sh [--print-env] [jobset|kueue|trainer|kserve ...]   (default: all four)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ALL=(jobset kueue trainer kserve)

print_env() {
  cat <<EOF
MODELGATE_CACHE=$MODELGATE_CACHE
JOBSET_VERSION=$JOBSET_VERSION
JOBSET_MANAGER=$JOBSET_MANAGER
JOBSET_CRDS_DIR=$JOBSET_DIR/crds
JOBSET_CLUSTER_DIR=$JOBSET_DIR/cluster
KUEUE_VERSION=$KUEUE_VERSION
KUEUE_MANAGER=$KUEUE_MANAGER
KUEUE_CRDS_DIR=$KUEUE_DIR/crds
KUEUE_CLUSTER_DIR=$KUEUE_DIR/cluster
TRAINER_VERSION=$TRAINER_VERSION
TRAINER_MANAGER=$TRAINER_MANAGER
TRAINER_CRDS_DIR=$TRAINER_DIR/crds
TRAINER_CLUSTER_DIR=$TRAINER_DIR/cluster
TRAINER_RUNTIMES_DIR=$TRAINER_DIR/runtimes
KSERVE_VERSION=$KSERVE_VERSION
KSERVE_MANAGER=$KSERVE_MANAGER
KSERVE_CRDS_DIR=$KSERVE_DIR/crds
KSERVE_CLUSTER_DIR=$KSERVE_DIR/cluster
KSERVE_RUNTIMES_DIR=$KSERVE_DIR/runtimes
EOF
}

selected=()
for arg in "$@"; do
  case "$arg" in
    --print-env) print_env; exit 0 ;;
    jobset | kueue | trainer | kserve) selected+=("$arg") ;;
    *) echo "usage: $0 [--print-env] [${ALL[*]// /|} ...]" >&2; exit 2 ;;
  esac
done
((${#selected[@]})) || selected=("${ALL[@]}")

[[ -n "$JOBSET_VERSION" && -n "$KUEUE_VERSION" && -n "$TRAINER_VERSION" && -n "$KSERVE_VERSION" ]] || {
  echo "cannot read versions from hack/platform/*/go.mod" >&2
  exit 1
}
command -v "$GO" >/dev/null || { echo "go not found (looked for $GO)" >&2; exit 1; }
[[ -x "$KUBECTL" ]] || command -v "$KUBECTL" >/dev/null ||
  { echo "kubectl not found ($KUBECTL): run hack/build-controlplane.sh first (it renders the manifests)" >&2; exit 1; }

# As in build-controlplane.sh: the machine's Go, never a downloaded toolchain; static binaries; no
# VCS stamping; go.mod and go.sum as committed.
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"

FORCE="${FORCE:-0}"
SCRIPT_START=$SECONDS
declare -a SUMMARY=()

# ------------------------------------------------------------------ the three components

# comp_<field> <component>: module path, main package, version, folder, binary, ldflags, and the
# module folders (relative to the module's root) that are rendered, copied as CRDs, or copied as
# runtimes.
comp_module() {
  case "$1" in
    jobset) echo sigs.k8s.io/jobset ;;
    kueue) echo sigs.k8s.io/kueue ;;
    trainer) echo github.com/kubeflow/trainer/v2 ;;
    kserve) echo github.com/kserve/kserve ;;
  esac
}
comp_pkg() {
  case "$1" in
    jobset) echo sigs.k8s.io/jobset ;;
    kueue) echo sigs.k8s.io/kueue/cmd/kueue ;;
    trainer) echo github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager ;;
    # Only the manager: KServe's module also holds the llmisvc controller, the agent, the router.
    kserve) echo github.com/kserve/kserve/cmd/manager ;;
  esac
}
comp_version() {
  case "$1" in
    jobset) echo "$JOBSET_VERSION" ;;
    kueue) echo "$KUEUE_VERSION" ;;
    trainer) echo "$TRAINER_VERSION" ;;
    kserve) echo "$KSERVE_VERSION" ;;
  esac
}
comp_dir() {
  case "$1" in
    jobset) echo "$JOBSET_DIR" ;;
    kueue) echo "$KUEUE_DIR" ;;
    trainer) echo "$TRAINER_DIR" ;;
    kserve) echo "$KSERVE_DIR" ;;
  esac
}
comp_bin() {
  case "$1" in
    jobset) echo "$JOBSET_MANAGER" ;;
    kueue) echo "$KUEUE_MANAGER" ;;
    trainer) echo "$TRAINER_MANAGER" ;;
    kserve) echo "$KSERVE_MANAGER" ;;
  esac
}
comp_ldflags() { # the -X flags of the projects' own Makefiles (the Trainer has no version package)
  local date
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  case "$1" in
    jobset) echo "-s -w -X sigs.k8s.io/jobset/pkg/version.GitVersion=$JOBSET_VERSION" ;;
    kueue) echo "-s -w -X sigs.k8s.io/kueue/pkg/version.GitVersion=$KUEUE_VERSION -X sigs.k8s.io/kueue/pkg/version.BuildDate=$date" ;;
    trainer | kserve) echo "-s -w" ;;
  esac
}
comp_render() { # kustomizations rendered into cluster/
  case "$1" in
    jobset | kueue) echo config/default ;;
    # manifests/overlays/manager would pull a remote JobSet kustomization: render the two bases.
    trainer) echo manifests/base/crds manifests/base/webhook ;;
    # config/default would pull in cert-manager and the Knative/Istio parts: the CRDs and the
    # webhooks only (the Service of config/webhook is dropped with every other kind).
    kserve) echo config/crd/full config/webhook ;;
  esac
}
comp_crd_bases() {
  case "$1" in
    jobset | kueue) echo config/components/crd/bases ;;
    trainer) echo manifests/base/crds ;;
    kserve) echo config/crd/full ;;
  esac
}

# ------------------------------------------------------------------ build

build() { # build <component>
  local c="$1" out pkg ldflags t0 dt
  out="$(comp_bin "$c")"
  if [[ -x "$out" && "$FORCE" != 1 ]]; then
    echo "==> $c: present, skipped ($out)"
    SUMMARY+=("$(printf '%-10s %-8s %6s  %s' "$c" "$(comp_version "$c")" cached "$out")")
    return
  fi
  pkg="$(comp_pkg "$c")"
  ldflags="$(comp_ldflags "$c")"
  mkdir -p "$(dirname "$out")"
  t0=$SECONDS
  # Fetch the modules of the package first (a no-op when the module cache has them), so that the
  # time printed below is the compile time.
  (cd "$HACK_DIR/platform/$c" && "$GO" list -deps -f '{{if .Module}}{{.Module.Path}}{{end}}' "$pkg" >/dev/null)
  echo "==> $c: module download (go list -deps): $((SECONDS - t0))s"
  echo "==> $c: building $pkg@$(comp_version "$c")"
  t0=$SECONDS
  (cd "$HACK_DIR/platform/$c" && "$GO" build -ldflags "$ldflags" -o "$out.tmp.$$" "$pkg")
  mv -f "$out.tmp.$$" "$out"
  dt=$((SECONDS - t0))
  echo "==> $c: built in ${dt}s"
  SUMMARY+=("$(printf '%-10s %-8s %5ss  %s' "$c" "$(comp_version "$c")" "$dt" "$out")")
}

# ------------------------------------------------------------------ manifests

# keep_kinds <kind|kind...>: from a multi-document YAML stream on stdin, the documents whose
# top-level kind is one of these, each after a `---` line.
keep_kinds() {
  awk -v kinds="$1" '
    function flush() {
      if (doc ~ ("(^|\n)kind: (" kinds ")\n")) printf "---\n%s", doc
      doc = ""
    }
    /^---$/ { flush(); next }
    { doc = doc $0 "\n" }
    END { flush() }'
}

# local_client_config: every webhook `clientConfig:` block (service name/namespace/path/port,
# caBundle, url) becomes `caBundle: __MODELGATE_CA_BUNDLE__` and `url: __MODELGATE_WEBHOOK_URL__<path>`.
# kustomize writes keys sorted and indented by two, which is all this relies on; the caller checks
# that no `service:` is left.
local_client_config() {
  awk '
    function ind(s) { match(s, /^ */); return RLENGTH }
    function pad(n,   s) { s = ""; while (n-- > 0) s = s " "; return s }
    function emit() {
      print pad(ci + 2) "caBundle: __MODELGATE_CA_BUNDLE__"
      print pad(ci + 2) "url: __MODELGATE_WEBHOOK_URL__" path
      inblock = 0
    }
    inblock && (ind($0) > ci || $0 ~ /^ *$/) {
      if ($0 ~ /^ *path: /) { path = $0; sub(/^ *path: */, "", path); gsub(/["\047]/, "", path) }
      next
    }
    inblock { emit() }
    /^ *(- )?clientConfig:$/ {
      print
      ci = ind($0); if ($0 ~ /^ *- /) ci += 2
      inblock = 1; path = ""
      next
    }
    { print }
    END { if (inblock) emit() }'
}

# kserve_config: KServe's inferenceservice-config ConfigMap as upstream ships it, in Standard (raw
# deployment) mode, the default for an InferenceService without the deploymentMode annotation, and
# with Ingress creation off (there is no ingress controller locally: KServe then reports the
# predictor Service's address as the URL). Each edit is checked to have happened.
kserve_config() {
  local out
  out="$(sed -e 's/"defaultDeploymentMode": "Serverless"/"defaultDeploymentMode": "Standard"/' \
    -e 's/"disableIngressCreation": false/"disableIngressCreation": true/')"
  grep -q '"defaultDeploymentMode": "Standard"' <<<"$out" && grep -q '"disableIngressCreation": true' <<<"$out" ||
    { echo "kserve: the inferenceservice-config ConfigMap no longer has the keys edited here" >&2; exit 1; }
  grep -q '"defaultDeploymentMode": "Serverless"' <<<"$out" &&
    { echo "kserve: a Serverless default is left in the ConfigMap" >&2; exit 1; }
  printf '%s\n' "$out"
}

manifests() { # manifests <component>: crds/, cluster/ (and runtimes/) from the module source
  local c="$1" dir module version moddir tmp rel n_cc n_url n_ca
  dir="$(comp_dir "$c")"
  module="$(comp_module "$c")"
  version="$(comp_version "$c")"
  if [[ -f "$dir/.manifests-complete" && "$FORCE" != 1 ]]; then
    echo "==> $c: manifests present, skipped ($dir)"
    return
  fi
  moddir="$(cd "$HACK_DIR/platform/$c" && "$GO" mod download -json "$module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$moddir" && -d "$moddir" ]] || { echo "no module source for $module@$version in GOMODCACHE" >&2; exit 1; }
  mkdir -p "$dir"
  tmp="$(mktemp -d "$dir/.manifests.tmp.XXXXXX")"
  mkdir -p "$tmp/crds" "$tmp/cluster"
  cp "$moddir/$(comp_crd_bases "$c")"/*.yaml "$tmp/crds/"
  rm -f "$tmp/crds/kustomization.yaml"
  chmod -R u+w "$tmp"
  : >"$tmp/rendered.yaml"
  for rel in $(comp_render "$c"); do
    # kustomize warns about deprecated fields of the upstream kustomizations on stderr.
    "$KUBECTL" kustomize "$moddir/$rel" 2>"$tmp/kustomize.err" >>"$tmp/rendered.yaml" ||
      { cat "$tmp/kustomize.err" >&2; echo "kubectl kustomize $moddir/$rel failed" >&2; exit 1; }
    echo "---" >>"$tmp/rendered.yaml"
  done
  keep_kinds CustomResourceDefinition <"$tmp/rendered.yaml" | local_client_config >"$tmp/cluster/crds.yaml"
  keep_kinds 'MutatingWebhookConfiguration|ValidatingWebhookConfiguration' <"$tmp/rendered.yaml" |
    local_client_config >"$tmp/cluster/webhooks.yaml"
  rm -f "$tmp/rendered.yaml" "$tmp/kustomize.err"
  # Every clientConfig was rewritten (a url and a caBundle each, so none still names a Service).
  n_cc="$(cat "$tmp/cluster/"*.yaml | grep -c 'clientConfig:' || true)"
  n_url="$(cat "$tmp/cluster/"*.yaml | grep -c 'url: __MODELGATE_WEBHOOK_URL__/' || true)"
  n_ca="$(cat "$tmp/cluster/"*.yaml | grep -c 'caBundle: __MODELGATE_CA_BUNDLE__$' || true)"
  if [[ "$n_url" != "$n_cc" || "$n_ca" != "$n_cc" ]]; then
    echo "$c: could not rewrite every webhook clientConfig ($n_cc clientConfig, $n_url url) in $tmp/cluster" >&2
    exit 1
  fi
  [[ -s "$tmp/cluster/crds.yaml" && -s "$tmp/cluster/webhooks.yaml" ]] ||
    { echo "$c: no CRDs or no webhook configurations rendered from $moddir" >&2; exit 1; }
  if [[ "$c" == trainer ]]; then
    cp -r "$moddir/manifests/base/runtimes" "$tmp/runtimes"
    chmod -R u+w "$tmp/runtimes"
    find "$tmp/runtimes" -name kustomization.yaml -delete
  fi
  if [[ "$c" == kserve ]]; then
    mkdir -p "$tmp/runtimes"
    "$KUBECTL" kustomize "$moddir/config/runtimes" 2>"$tmp/kustomize.err" >"$tmp/runtimes/cluster-serving-runtimes.yaml" ||
      { cat "$tmp/kustomize.err" >&2; echo "kubectl kustomize $moddir/config/runtimes failed" >&2; exit 1; }
    rm -f "$tmp/kustomize.err"
    kserve_config <"$moddir/config/configmap/inferenceservice.yaml" >"$tmp/cluster/inferenceservice-config.yaml"
  fi
  printf '%s %s\n' "$module" "$version" >"$tmp/.manifests-complete"
  rm -rf "$dir/crds" "$dir/cluster" "$dir/runtimes" "$dir/.manifests-complete"
  for rel in crds cluster runtimes .manifests-complete; do
    [[ ! -e "$tmp/$rel" ]] || mv "$tmp/$rel" "$dir/$rel"
  done
  rmdir "$tmp"
  echo "==> $c: manifests in $dir: $(find "$dir/crds" -name "*.yaml" | wc -l) CRDs, $n_url webhook clientConfigs pointed at the local URL"
}

echo "Modelgate platform: jobset $JOBSET_VERSION, kueue $KUEUE_VERSION, trainer $TRAINER_VERSION, kserve $KSERVE_VERSION (${selected[*]})"
echo "Go: $("$GO" version)   cache: $MODELGATE_CACHE"
for c in "${selected[@]}"; do
  build "$c"
  manifests "$c"
done

echo
echo "Summary (total $((SECONDS - SCRIPT_START))s):"
printf '  %s\n' "${SUMMARY[@]}"
