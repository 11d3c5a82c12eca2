#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Fetches the Gateway API *standard* CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute,
# ReferenceGrant, ... as the pinned release ships them) from the Go module proxy and caches
# them, for the tests and the local cluster:
#
#   go mod download -json sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION   (hack/lib/common.sh)
#   <module>/config/crd/standard/*.yaml  ->  ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/gateway-api/<version>/
#
# Prints that folder on stdout (and nothing else there); progress goes to stderr, so
#   dir="$(hack/gateway-api-crds.sh)"
# works. Idempotent: a complete folder (it carries a .complete stamp with the module's
# checksum) is reused without calling go, so a warm run takes milliseconds. The folder is
# filled under a temporary name and renamed, so an interrupted run never leaves a folder
# that a later run would take as complete. FORCE=1 fetches and copies again.
# Usage: hack/gateway-api-crds.sh
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

log() { echo "[gateway-api-crds] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -n "$GATEWAY_API_VERSION" ]] || die "GATEWAY_API_VERSION is not set in hack/lib/common.sh"
MODULE=sigs.k8s.io/gateway-api
DEST="$GATEWAY_API_CRDS_DIR"
STAMP="$DEST/.complete"

if [[ -f "$STAMP" && "${FORCE:-0}" != 1 ]]; then
  log "$MODULE $GATEWAY_API_VERSION: cached"
  echo "$DEST"
  exit 0
fi

command -v "$GO" >/dev/null || die "go not found (looked for $GO)"
# The machine's Go, never a downloaded toolchain; outside any module (a temporary folder),
# so no go.mod of the project is read or written.
export GOTOOLCHAIN=local
export GOFLAGS=-mod=mod
t0=$SECONDS
work="$(mktemp -d)"
tmp=""
trap 'rm -rf "$work" ${tmp:+"$tmp"}' EXIT
log "$MODULE $GATEWAY_API_VERSION: go mod download"
json="$(cd "$work" && "$GO" mod download -json "$MODULE@$GATEWAY_API_VERSION")" || {
  echo "$json" >&2
  die "go mod download $MODULE@$GATEWAY_API_VERSION failed"
}
field() { # field <name>: a string field of go's JSON answer (one object, one field per line)
  sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" <<<"$json" | sed -n 1p
}
error="$(field Error)"
[[ -z "$error" ]] || die "go mod download $MODULE@$GATEWAY_API_VERSION: $error"
moddir="$(field Dir)"
sum="$(field Sum)"
src="$moddir/config/crd/standard"
[[ -d "$src" ]] || die "$src does not exist: is $GATEWAY_API_VERSION a release with standard CRDs?"

mkdir -p "$(dirname "$DEST")"
tmp="$DEST.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
n=0
for f in "$src"/*.yaml; do
  [[ -e "$f" ]] || continue
  # Only CustomResourceDefinitions (the folder may also hold a kustomization).
  grep -q '^kind: CustomResourceDefinition' "$f" || continue
  cp "$f" "$tmp/"
  n=$((n + 1))
done
((n > 0)) || { rm -rf "$tmp"; die "no CustomResourceDefinition in $src"; }
# The module cache is read-only; our copies are not.
chmod 644 "$tmp"/*.yaml
{
  echo "module=$MODULE"
  echo "version=$GATEWAY_API_VERSION"
  echo "sum=$sum"
  echo "source=config/crd/standard"
} >"$tmp/.complete"
rm -rf "$DEST"
mv "$tmp" "$DEST"
log "$MODULE $GATEWAY_API_VERSION: $n CRDs copied to $DEST in $((SECONDS - t0))s"
echo "$DEST"
