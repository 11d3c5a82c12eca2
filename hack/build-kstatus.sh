#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the tests' kstatus tool (hack/kstatus: status.Compute of sigs.k8s.io/cli-utils, the
# version pinned in hack/kstatus/go.mod) through the Go module proxy and caches it in
#
#   ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/bin/kstatus-<cli-utils version>/kstatus
#
# Idempotent: a binary whose stamp (kstatus.sources: sha256 of hack/kstatus/go.mod, go.sum and
# main.go) matches the sources is kept, so a warm run takes milliseconds; a changed source or a
# version bump builds again. The binary is written under a temporary name and renamed. FORCE=1
# rebuilds. hack/install-deps.sh runs it (step kstatus), so `make deps` and `make test` do too.
# Usage: hack/build-kstatus.sh [--print-env]
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SRC="$HACK_DIR/kstatus"
STAMP="$KSTATUS_BIN_DIR/kstatus.sources"
sources="$(cd "$SRC" && sha256sum go.mod go.sum main.go | sha256sum | cut -d' ' -f1)"
built() { [[ -x "$KSTATUS" && -f "$STAMP" && "$(cat "$STAMP")" == "$sources" ]]; }

if [[ "${1:-}" == "--print-env" ]]; then
  echo "KSTATUS_VERSION=$KSTATUS_VERSION"
  echo "KSTATUS=$KSTATUS"
  # yes: the binary is there and built from hack/kstatus as it is now; no: run this script.
  if built; then echo "KSTATUS_BUILT=yes"; else echo "KSTATUS_BUILT=no"; fi
  exit 0
fi
(($# == 0)) || { echo "usage: $0 [--print-env]" >&2; exit 2; }

log() { echo "==> kstatus: $*"; }
[[ -n "$KSTATUS_VERSION" ]] || { echo "cannot read the sigs.k8s.io/cli-utils version from hack/kstatus/go.mod" >&2; exit 1; }

if built && [[ "${FORCE:-0}" != 1 ]]; then
  log "present, skipped ($KSTATUS)"
  exit 0
fi

command -v "$GO" >/dev/null || { echo "go not found (looked for $GO)" >&2; exit 1; }
# As build-controlplane.sh: the machine's Go, a static binary, no VCS stamping, go.sum as committed.
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"

t0=$SECONDS
(cd "$SRC" && "$GO" list -deps -f '{{if .Module}}{{.Module.Path}}{{end}}' . >/dev/null)
t1=$SECONDS
log "module download (go list -deps): $((t1 - t0))s"
mkdir -p "$KSTATUS_BIN_DIR"
(cd "$SRC" && "$GO" build -ldflags "-s -w" -o "$KSTATUS.tmp.$$" .)
mv -f "$KSTATUS.tmp.$$" "$KSTATUS"
echo "$sources" >"$STAMP"
log "sigs.k8s.io/cli-utils $KSTATUS_VERSION built in $((SECONDS - t1))s (total $((SECONDS - t0))s): $KSTATUS"
