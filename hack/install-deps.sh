#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs or builds everything Modelgate's tests and demo need that this machine lacks.
# `make test`, `make e2e` and `make demo` run it first (`make deps`); CI runs `make test`.
#
#   packages      Debian packages, for the commands the tests and scripts run: openssl, curl,
#                 ss (iproute2), make, mvn (maven), javac (openjdk-17-jdk-headless), lua5.4,
#                 unzip, the CA certificates, prometheus (its service is never started:
#                 the tests run /usr/bin/prometheus themselves, on 127.0.0.1 only), and Debian's
#                 /usr/bin/python3 with its venv module (python3, python3-venv) for the mlflow step
#   go            the Go toolchain: the machine's (PATH, /usr/local/go/bin/go) when it is new
#                 enough for hack/controlplane, hack/kwok and hack/kstatus go.mod; else the pinned
#                 golang.org/toolchain module (hack/lib/common.sh) from the proxy that the Go
#                 configuration names (GOPROXY), into ${MODELGATE_CACHE}/go/
#   controlplane  hack/build-controlplane.sh: etcd, kube-apiserver, controller-manager,
#                 scheduler, kwok, the kube-api-test layout and the Gateway API CRDs, built
#                 and cached under ${MODELGATE_CACHE:-$HOME/.cache/modelgate}
#   kstatus       hack/build-kstatus.sh: the tests' kstatus tool (sigs.k8s.io/cli-utils status.Compute),
#                 cached under ${MODELGATE_CACHE}/bin/kstatus-<version>/
#   platform      hack/build-platform.sh: the JobSet, Kueue and Kubeflow Trainer controller
#                 managers and the KServe controller manager with their CRDs, webhook
#                 configurations and runtimes (hack/platform.sh and hack/kserve.sh run them for
#                 TrainingEnginesE2eTest, KServeE2eTest and `make demo`), after checking Go against
#                 hack/platform/*/go.mod (the fallback Go if too old). Cold: ~10 minutes on 2 cores
#                 for the three training engines, about 3.5 more for KServe.
#   mlflow        hack/mlflow.sh: the MLflow tracking server and model registry (the PyPI package,
#                 version pinned in hack/lib/common.sh) in a Python venv, for the tests' LocalMlflow,
#                 cached under ${MODELGATE_CACHE}/mlflow-<version>/; pip takes its index from its own
#                 configuration. Cold: ~50 s and ~860 MB.
#
# Idempotent: a step whose things are present does nothing, so a warm run takes about a second.
# Packages are installed through sudo when not root (apt-get update first, no recommends).
# Prints each step's time. The caches honour MODELGATE_CACHE, GOMODCACHE and GOCACHE.
#
# Usage: hack/install-deps.sh [STEP...]    (default: all of them, in this order)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The steps, in order. A later platform part (a controller the tests run, ...) adds a step_<name>
# function below and its name here.
STEPS=(packages go controlplane kstatus platform mlflow)
# Steps that run only when named, after the default ones (none at present).
EXTRA_STEPS=()

# <command on the PATH, an absolute file, or `import <module>` that /usr/bin/python3 must manage>:<Debian
# package that provides it>
PACKAGES=(
  openssl:openssl
  curl:curl
  ss:iproute2
  make:make
  mvn:maven
  javac:openjdk-17-jdk-headless
  lua5.4:lua5.4
  unzip:unzip
  /etc/ssl/certs/ca-certificates.crt:ca-certificates
  /usr/bin/prometheus:prometheus
  # Debian's python3 (hack/mlflow.sh prefers it to any other python3 on the PATH), and the venv module's
  # pip bootstrap, which Debian ships apart in python3-venv: without it `python3 -m venv` fails.
  /usr/bin/python3:python3
  "import ensurepip:python3-venv"
)

log() { echo "[install-deps] $*"; }
die() { echo "[install-deps] ERROR: $*" >&2; exit 1; }

as_root() { # as_root <command...>: directly when root, else through sudo
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "not root and no sudo: cannot run $*"
  fi
}

present() { # present <command | /absolute/file | import module>
  case "$1" in
    /*) [[ -e "$1" ]] ;;
    "import "*) [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -I -c "$1" >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

step_packages() {
  local entry missing=()
  for entry in "${PACKAGES[@]}"; do
    present "${entry%%:*}" || missing+=("${entry#*:}")
  done
  if ((${#missing[@]} == 0)); then
    log "packages: all present"
    return
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "missing Debian packages ${missing[*]}, and no apt-get here: install them (or what provides them) by hand"
  log "packages: installing ${missing[*]}"
  # policy-rc.d exiting 101 tells invoke-rc.d (which prometheus's postinst calls) not to start
  # services. Container images usually have one; if this machine has none, lay one for the install.
  local created_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  local rc=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || rc=$?
  # No recommends: prometheus's would bring prometheus-node-exporter, another service on all interfaces.
  ((rc != 0)) || as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" || rc=$?
  [[ -z "$created_policy" ]] || as_root rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get failed (exit $rc) installing ${missing[*]}"
  # Where systemd does run, the package enabled prometheus.service (listening on *:9090): turn it off.
  if [[ " ${missing[*]} " == *" prometheus "* && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  fi
  for entry in "${PACKAGES[@]}"; do
    present "${entry%%:*}" || die "${entry%%:*} is still missing after installing ${entry#*:}"
  done
}

# go_min_version <go.mod...>: the newest `go` line of these wrapper modules, the oldest Go that
# builds them (without arguments: the control plane's and kstatus's, hack/controlplane, hack/kwok, hack/kstatus).
go_min_version() {
  (($#)) || set -- "$HACK_DIR/controlplane/go.mod" "$HACK_DIR/kwok/go.mod" "$HACK_DIR/kstatus/go.mod"
  awk '$1 == "go" { print $2 }' "$@" | sort -V | tail -n 1
}

version_ge() { # version_ge A B: A >= B (dotted versions)
  [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" == "$2" ]]
}

# The module proxy the Go configuration names: the first http(s) or file URL in GOPROXY, read from
# the environment, else from the Go at hand (`go env GOPROXY`, which also reads $GOROOT/go.env),
# else from the file `go env -w` writes. The project names no proxy of its own.
go_proxy() {
  local value="${GOPROXY:-}" file entry
  local -a entries
  if [[ -z "$value" ]] && command -v "$GO" >/dev/null 2>&1; then
    value="$("$GO" env GOPROXY 2>/dev/null || true)"
  fi
  if [[ -z "$value" ]]; then
    file="${GOENV:-${XDG_CONFIG_HOME:-$HOME/.config}/go/env}"
    [[ ! -f "$file" ]] || value="$(sed -n 's/^GOPROXY=//p' "$file" | tail -n 1)"
  fi
  IFS=',|' read -r -a entries <<<"$value"
  for entry in "${entries[@]}"; do
    case "$entry" in
      https://* | http://* | file://*) echo "${entry%/}"; return 0 ;;
    esac
  done
  return 1
}

install_go_fallback() {
  local proxy module="golang.org/toolchain" version="v0.0.1-$GO_FALLBACK_VERSION.linux-amd64"
  [[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] ||
    die "the fallback Go is pinned for linux-amd64 only; install Go ${GO_NEEDED:-$(go_min_version)} or newer and put it on the PATH"
  proxy="$(go_proxy)" ||
    die "no Go (or too old a one) on this machine, and no Go module proxy configured to fetch $GO_FALLBACK_VERSION from:" \
      "install Go ${GO_NEEDED:-$(go_min_version)} or newer (e.g. /usr/local/go), or set GOPROXY to a proxy URL"
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: tmp is local
  trap "rm -rf '$tmp'" EXIT
  log "go: fetching $module@$version from the Go module proxy (GOPROXY) into $GO_FALLBACK_ROOT"
  curl -fsSL --retry 3 -o "$tmp/go.zip" "$proxy/$module/@v/$version.zip" ||
    die "could not fetch $module@$version from $proxy"
  echo "$GO_FALLBACK_SHA256  $tmp/go.zip" | sha256sum -c --quiet - >/dev/null 2>&1 ||
    die "$module@$version from $proxy does not match the pinned sha256 ($GO_FALLBACK_SHA256)"
  unzip -q "$tmp/go.zip" -d "$tmp/x"
  # Module zips carry no file modes.
  chmod +x "$tmp/x/$module@$version"/bin/* "$tmp/x/$module@$version"/pkg/tool/*/*
  mkdir -p "$(dirname "$GO_FALLBACK_ROOT")"
  rm -rf "$GO_FALLBACK_ROOT"
  mv "$tmp/x/$module@$version" "$GO_FALLBACK_ROOT"
  GO="$GO_FALLBACK_ROOT/bin/go"
}

# ensure_go <what> <go.mod...>: a Go new enough for these modules (the machine's, else the fallback).
ensure_go() {
  local what="$1" min have
  shift
  min="$(go_min_version "$@")"
  GO_NEEDED="$min"
  [[ -n "$min" ]] || die "no go line in $*"
  if command -v "$GO" >/dev/null 2>&1; then
    have="$(GOTOOLCHAIN=local "$GO" env GOVERSION 2>/dev/null || true)"
    have="${have%% *}"
    if [[ "$have" == go* ]] && version_ge "${have#go}" "$min"; then
      log "go: $GO ($have; $what needs go$min)"
      export GO
      return
    fi
    log "go: $GO is ${have:-unusable}, older than go$min that $what needs"
  else
    log "go: none on this machine (PATH, /usr/local/go/bin/go)"
  fi
  install_go_fallback
  log "go: $("$GO" version)"
  export GO
}

step_go() {
  ensure_go "the control plane" "$HACK_DIR/controlplane/go.mod" "$HACK_DIR/kwok/go.mod" "$HACK_DIR/kstatus/go.mod"
}

step_controlplane() {
  "$HACK_DIR/build-controlplane.sh"
}

step_kstatus() {
  "$HACK_DIR/build-kstatus.sh"
}

step_platform() {
  ensure_go "the platform build" "$HACK_DIR"/platform/*/go.mod
  "$HACK_DIR/build-platform.sh"
}

step_mlflow() {
  "$HACK_DIR/mlflow.sh"
}

usage() {
  echo "usage: $0 [STEP...]   steps, in order: ${STEPS[*]} ${EXTRA_STEPS[*]} (default: ${STEPS[*]})" >&2
  exit 2
}

selected=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage ;;
  esac
  [[ " ${STEPS[*]} ${EXTRA_STEPS[*]} " == *" $arg "* ]] || { echo "unknown step: $arg" >&2; usage; }
  selected+=("$arg")
done
((${#selected[@]})) || selected=("${STEPS[@]}")

start=$SECONDS
summary=()
for step in "${STEPS[@]}" "${EXTRA_STEPS[@]}"; do
  [[ " ${selected[*]} " == *" $step "* ]] || continue
  t0=$SECONDS
  log "---- $step"
  "step_$step"
  summary+=("$step $((SECONDS - t0))s")
done

joined="$(printf '%s, ' "${summary[@]}")"
log "done in $((SECONDS - start))s: ${joined%, }"
if [[ " ${selected[*]} " == *" packages "* ]]; then
  log "versions: $(javac -version 2>&1 | sed -n 1p); $(mvn -B -v 2>/dev/null | sed -n 1p | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/ (.*//');" \
    "$(/usr/bin/prometheus --version 2>&1 | sed -n 1p | sed 's/ (.*//'); $(lua5.4 -v 2>&1 | sed 's/  Copyright.*//');" \
    "$(/usr/bin/python3 --version 2>&1)"
fi
