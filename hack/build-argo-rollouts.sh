#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the Argo Rollouts controller, the peer that hack/bench-scale --peer argo measures, from source
# through the Go module proxy (the wrapper module hack/peer/argo-rollouts, which carries Argo's replace
# directives) and caches it with its CRDs:
#
#   ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/bin/argo-rollouts-<version>/rollouts-controller
#   ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/bin/argo-rollouts-<version>/crds/*.yaml   (manifests/crds of the module)
#
# Idempotent: an existing binary is kept (FORCE=1 rebuilds). Not needed by the tests or the demo.
# Usage: hack/build-argo-rollouts.sh [--print-env]
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

MODDIR="$HACK_DIR/peer/argo-rollouts"
MODULE=github.com/argoproj/argo-rollouts
ARGO_VERSION="$(_modver "$MODDIR/go.mod" "$MODULE")"
ARGO_DIR="$MODELGATE_CACHE/bin/argo-rollouts-$ARGO_VERSION"
ARGO_CONTROLLER="$ARGO_DIR/rollouts-controller"

if [[ "${1:-}" == --print-env ]]; then
  echo "ARGO_VERSION=$ARGO_VERSION"
  echo "ARGO_CONTROLLER=$ARGO_CONTROLLER"
  echo "ARGO_CRDS_DIR=$ARGO_DIR/crds"
  exit 0
fi

log() { echo "[build-argo-rollouts] $*" >&2; }

export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
mkdir -p "$ARGO_DIR"
cd "$MODDIR"
if [[ ! -x "$ARGO_CONTROLLER" || "${FORCE:-0}" == 1 ]]; then
  log "building $MODULE/cmd/rollouts-controller $ARGO_VERSION with $("$GO" version | awk '{print $3}')"
  start=$SECONDS
  "$GO" build -ldflags="-s -w -X $MODULE/utils/version.version=$ARGO_VERSION" \
    -o "$ARGO_CONTROLLER.tmp" "$MODULE/cmd/rollouts-controller"
  mv "$ARGO_CONTROLLER.tmp" "$ARGO_CONTROLLER"
  log "built in $((SECONDS - start))s: $ARGO_CONTROLLER"
fi
if [[ ! -f "$ARGO_DIR/crds/.complete" ]]; then
  src="$("$GO" mod download -json "$MODULE" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$src/manifests/crds" ]] || { log "no manifests/crds in $src"; exit 1; }
  rm -rf "$ARGO_DIR/crds"
  mkdir -p "$ARGO_DIR/crds"
  cp "$src"/manifests/crds/*-crd.yaml "$ARGO_DIR/crds/"
  chmod u+w "$ARGO_DIR/crds/"*.yaml
  touch "$ARGO_DIR/crds/.complete"
  log "CRDs in $ARGO_DIR/crds"
fi
