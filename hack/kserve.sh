#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the real KServe controller manager (built by hack/build-platform.sh kserve) against the local
# cluster of hack/local-cluster.sh, as a plain process on 127.0.0.1 with the cluster's admin
# kubeconfig, in KServe's Standard (raw deployment) mode: no Knative, no Istio, no Ingress.
#
# Usage: hack/kserve.sh up|down|env|status
#   up      (cluster running) build what is missing, install KServe's CRDs (server-side apply, wait
#           until Established), its inferenceservice-config ConfigMap in namespace kserve, start the
#           manager, wait until it is ready, register its webhooks, and apply its
#           ClusterServingRuntimes (which goes through its own validating webhook, so it also proves
#           the API server calls it). No-op when already running.
#   down    delete the webhook configurations (so the cluster works without the manager), stop it and
#           remove the state. CRDs, runtimes and InferenceServices stay in the cluster.
#           hack/local-cluster.sh down runs this first.
#   env     print the ports and paths (KEY=value lines, also in <state>/kserve.env).
#   status  show the process and its readiness.
#
# The manager: --metrics-addr and --health-probe-addr on 127.0.0.1:<free port>, --webhook-port
# <free port> (controller-runtime's webhook server has no host flag in KServe's main.go: it listens on
# every interface), leader election off (its default). Its webhook certificate is read from
# controller-runtime's default folder $TMPDIR/k8s-webhook-server/serving-certs, so it runs with
# TMPDIR=<state>/tmp, holding a certificate for IP 127.0.0.1 signed by the cluster's CA; the webhook
# configurations rendered by build-platform.sh get url https://127.0.0.1:<port><path> and that CA.
# POD_NAMESPACE=kserve: the namespace it reads inferenceservice-config from.
#
# Environment: MODELGATE_CLUSTER_DIR (default ${TMPDIR:-/tmp}/modelgate-cluster; the state is its
# kserve/ subfolder), MODELGATE_CACHE (binary cache), MODELGATE_UP_TIMEOUT (default 180 s per step).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

CLUSTER_DIR="${MODELGATE_CLUSTER_DIR:-${TMPDIR:-/tmp}/modelgate-cluster}"
DIR="$CLUSTER_DIR/kserve"
MARKER="$DIR/.modelgate-kserve"
UP_TIMEOUT="${MODELGATE_UP_TIMEOUT:-180}"
KUBECONFIG_FILE="$CLUSTER_DIR/kubeconfig"
NAMESPACE=kserve

log() { echo "[kserve] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
kc() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }


wait_until() { # wait_until <what> <command...>
  local what="$1"; shift
  local deadline=$((SECONDS + UP_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    pid_of kserve >/dev/null || fail "the KServe manager exited while waiting for $what"
    ((SECONDS < deadline)) || fail "timed out after ${UP_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
  log "$what ($((SECONDS - UP_START))s)"
}

fail() {
  log "ERROR: $*"
  if [[ -f "$DIR/logs/kserve.log" ]]; then
    log "---- last lines of $DIR/logs/kserve.log"
    tail -n 20 "$DIR/logs/kserve.log" >&2 || true
  fi
  delete_webhooks
  stop_group kserve
  log "manager stopped, webhook configurations deleted; logs kept in $DIR/logs (hack/kserve.sh down removes them)"
  exit 1
}

ready() { curl -fsS --max-time 3 "http://127.0.0.1:$KSERVE_HEALTH_PORT/readyz"; }

render() { # render <cluster/ file>: with the local webhook URL and the cluster's CA
  sed -e "s|__MODELGATE_WEBHOOK_URL__|https://127.0.0.1:$KSERVE_WEBHOOK_PORT|" \
    -e "s|__MODELGATE_CA_BUNDLE__|$(base64 -w0 <"$CLUSTER_DIR/pki/ca.crt")|" "$KSERVE_DIR/cluster/$1"
}

webhook_names() {
  [[ -f "$KSERVE_DIR/cluster/webhooks.yaml" ]] || return 0
  awk '/^kind: (Mutating|Validating)WebhookConfiguration$/ { kind = $2 }
       /^  name: / && kind { print tolower(kind) "/" $2; kind = "" }' "$KSERVE_DIR/cluster/webhooks.yaml"
}

delete_webhooks() { # best effort: the API server may be gone already
  local -a names
  mapfile -t names < <(webhook_names)
  ((${#names[@]})) || return 0
  kc delete --ignore-not-found --wait=false --request-timeout=10s "${names[@]}" >/dev/null 2>&1 || true
}

gen_cert() { # in controller-runtime's default folder under the manager's TMPDIR
  local_serving_cert "$DIR/tmp/k8s-webhook-server/serving-certs" modelgate-kserve-webhooks
}

runtimes_applied() { # through KServe's ClusterServingRuntime validating webhook: it answers once registered
  kc apply --server-side --force-conflicts --field-manager=modelgate-kserve -f "$KSERVE_DIR/runtimes/cluster-serving-runtimes.yaml"
}

cmd_up() {
  UP_START=$SECONDS
  [[ -f "$CLUSTER_DIR/.modelgate-cluster" && -f "$KUBECONFIG_FILE" ]] ||
    die "no local cluster in $CLUSTER_DIR: start one with hack/local-cluster.sh up (same MODELGATE_CLUSTER_DIR)"
  kc get --raw /readyz >/dev/null 2>&1 || die "the cluster in $CLUSTER_DIR does not answer (hack/local-cluster.sh status)"
  if [[ -f "$MARKER" ]]; then
    if pid_of kserve >/dev/null; then
      log "already running in $DIR"
      cmd_env
      return
    fi
    log "stale state in $DIR: cleaning it"
    cmd_down
  fi
  command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"
  command -v curl >/dev/null || die "curl is needed"
  if [[ ! -x "$KSERVE_MANAGER" || ! -f "$KSERVE_DIR/.manifests-complete" ]]; then
    log "missing $KSERVE_MANAGER or its manifests: running hack/build-platform.sh kserve"
    "$HACK_DIR/build-platform.sh" kserve >&2
  fi

  mkdir -p "$DIR/logs" "$DIR/pids"
  touch "$MARKER"
  KSERVE_WEBHOOK_PORT="$(free_port)"
  KSERVE_METRICS_PORT="$(free_port)"
  KSERVE_HEALTH_PORT="$(free_port)"
  cat >"$DIR/kserve.env" <<ENV
KSERVE_VERSION=$KSERVE_VERSION
KSERVE_WEBHOOK_PORT=$KSERVE_WEBHOOK_PORT
KSERVE_METRICS_PORT=$KSERVE_METRICS_PORT
KSERVE_HEALTH_PORT=$KSERVE_HEALTH_PORT
KSERVE_CRDS_DIR=$KSERVE_DIR/crds
KSERVE_RUNTIMES_DIR=$KSERVE_DIR/runtimes
KSERVE_NAMESPACE=$NAMESPACE
KSERVE_LOGS=$DIR/logs
ENV
  gen_cert

  # CRDs and the ConfigMap first: the manager reads both when it starts.
  render crds.yaml | kc apply --server-side --force-conflicts --field-manager=modelgate-kserve -f - >/dev/null ||
    fail "could not apply the KServe CRDs"
  render crds.yaml | kc wait --for=condition=Established --timeout="${UP_TIMEOUT}s" -f - >/dev/null ||
    fail "the KServe CRDs did not become Established"
  log "CRDs Established ($((SECONDS - UP_START))s)"
  kc get namespace "$NAMESPACE" >/dev/null 2>&1 || kc create namespace "$NAMESPACE" >/dev/null
  kc apply --server-side --force-conflicts --field-manager=modelgate-kserve -f "$KSERVE_DIR/cluster/inferenceservice-config.yaml" >/dev/null ||
    fail "could not apply the inferenceservice-config ConfigMap"

  # Its own copy of the kubeconfig, so that its arguments name the state folder (pid_of's guard).
  cp "$KUBECONFIG_FILE" "$DIR/kubeconfig"
  setsid env TMPDIR="$DIR/tmp" POD_NAMESPACE="$NAMESPACE" "$KSERVE_MANAGER" --kubeconfig="$DIR/kubeconfig" \
    --metrics-addr="127.0.0.1:$KSERVE_METRICS_PORT" --health-probe-addr="127.0.0.1:$KSERVE_HEALTH_PORT" \
    --webhook-port="$KSERVE_WEBHOOK_PORT" --zap-log-level=info >"$DIR/logs/kserve.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/kserve.pid"
  wait_until "kserve ready" ready

  render webhooks.yaml | kc apply --server-side --force-conflicts --field-manager=modelgate-kserve -f - >/dev/null ||
    fail "could not register the KServe webhooks"
  # The API server picks webhook configurations up asynchronously; the runtimes go through one.
  wait_until "webhooks answering, ClusterServingRuntimes applied" runtimes_applied
  log "kserve up in $((SECONDS - UP_START))s: $DIR"
  cmd_env
}

cmd_down() {
  if [[ ! -e "$DIR" ]]; then
    log "nothing to stop ($DIR does not exist)"
    return
  fi
  [[ -f "$MARKER" ]] || die "$DIR is not a Modelgate KServe folder (no $MARKER): not touching it"
  delete_webhooks
  stop_group kserve
  rm -rf "$DIR"
  log "removed $DIR"
}

cmd_env() {
  [[ -f "$DIR/kserve.env" ]] || die "no KServe in $DIR (run: hack/kserve.sh up)"
  cat "$DIR/kserve.env"
}

cmd_status() {
  if [[ ! -f "$MARKER" ]]; then
    echo "not running ($DIR)"
    return 1
  fi
  # shellcheck disable=SC1091
  source "$DIR/kserve.env"
  local pid
  if pid="$(pid_of kserve)"; then
    printf '%-8s running  pid %-8s readyz: %s\n' kserve "$pid" "$(ready 2>&1 || true)"
  else
    printf '%-8s STOPPED\n' kserve
    return 1
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|env|status" >&2
    exit 2
    ;;
esac
