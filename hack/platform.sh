#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the real platform controllers that Modelgate trains on against the local cluster of
# hack/local-cluster.sh: JobSet, Kueue and the Kubeflow Trainer (v2) controller managers, built by
# hack/build-platform.sh, each as a plain process on 127.0.0.1 with the cluster's admin kubeconfig.
#
# Usage: hack/platform.sh up|down|env|status
#   up      (cluster running) build what is missing, install the CRDs (server-side apply, wait
#           until Established), start the three managers, wait until each is ready (its webhook
#           server listens), register their webhook configurations and wait until the API server
#           calls them. No-op when already running.
#   down    delete the webhook configurations (so the cluster works without the managers), stop the
#           managers and remove the state. The CRDs and their objects stay in the cluster.
#           hack/local-cluster.sh down runs this first.
#   env     print the ports and paths (KEY=value lines, also in <state>/platform.env).
#   status  show the processes and their readiness.
#
# Environment:
#   MODELGATE_CLUSTER_DIR   the cluster's state folder (default ${TMPDIR:-/tmp}/modelgate-cluster);
#                           the platform's state is its platform/ subfolder
#   MODELGATE_CACHE         binary cache (default ~/.cache/modelgate)
#   MODELGATE_UP_TIMEOUT    seconds to wait for each readiness step (default 180)
#
# Webhooks: upstream registers them against a Service with a certificate its manager makes for the
# Service's DNS name. Here each manager serves its webhooks on 127.0.0.1:<free port> with a
# certificate for IP 127.0.0.1 signed by the cluster's CA (openssl), and the Mutating/Validating
# WebhookConfigurations (and Kueue's CRD conversion webhooks) rendered by build-platform.sh get
# `url: https://127.0.0.1:<port><path>` and that CA as caBundle. The managers' own certificate
# management is off (internalCertManagement / certManagement enable: false).
#
# Per manager (see the config files written below):
#   jobset   config.jobset.x-k8s.io Configuration: webhook host/port/certDir, metrics (HTTPS, the
#            same certificate), health, no leader election.
#   kueue    config.kueue.x-k8s.io/v1beta2 Configuration: as above, manageJobsWithoutQueueName
#            false, integrations batch/job, jobset.x-k8s.io/jobset, trainer.kubeflow.org/trainjob,
#            feature gate VisibilityOnDemand off (its aggregated API server would listen on all
#            interfaces with certificates from the fixed path /visibility). Kueue 0.17 reads its
#            metrics certificate from the fixed path /etc/kueue/metrics/certs when its own
#            certificate management is off, so it runs in a private mount namespace (unshare) where
#            /etc is an overlay of the real /etc and <state>/kueue/etc: nothing is written to /etc.
#   trainer  config.trainer.kubeflow.org Configuration: webhook host/port, metrics (HTTPS,
#            self-signed by controller-runtime), health, no leader election. Its webhook
#            certificate directory is not configurable (controller-runtime's default
#            $TMPDIR/k8s-webhook-server/serving-certs), so it runs with TMPDIR=<state>/trainer/tmp.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

CLUSTER_DIR="${MODELGATE_CLUSTER_DIR:-${TMPDIR:-/tmp}/modelgate-cluster}"
DIR="$CLUSTER_DIR/platform"
MARKER="$DIR/.modelgate-platform"
UP_TIMEOUT="${MODELGATE_UP_TIMEOUT:-180}"
KUBECONFIG_FILE="$CLUSTER_DIR/kubeconfig"
# Start order; `down` stops them together.
COMPONENTS=(jobset kueue trainer)

log() { echo "[platform] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

kc() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# ---------------------------------------------------------------- processes (as local-cluster.sh)



start_proc() { # start_proc <name> <command...>: own session, log in <state>/logs/<name>.log
  local name="$1"; shift
  setsid "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

stop_all() { # SIGTERM every manager together, wait up to 15 s each, then SIGKILL
  stop_group "${COMPONENTS[@]}"
}


# ---------------------------------------------------------------- waiting

wait_until() { # wait_until <what> <component to watch, or ""> <command...>
  local what="$1" comp="$2"; shift 2
  local deadline=$((SECONDS + UP_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$comp" ]] && ! still_running "$comp"; then
      fail "$comp exited while waiting for $what"
    fi
    ((SECONDS < deadline)) || fail "timed out after ${UP_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
  log "$what ($((SECONDS - UP_START))s)"
}

fail() {
  log "ERROR: $*"
  local c
  for c in "${COMPONENTS[@]}"; do
    [[ -f "$DIR/logs/$c.log" ]] || continue
    log "---- last lines of $DIR/logs/$c.log"
    tail -n 15 "$DIR/logs/$c.log" >&2 || true
  done
  delete_webhooks
  stop_all
  log "managers stopped, webhook configurations deleted; logs kept in $DIR/logs (hack/platform.sh down removes them)"
  exit 1
}

ready() { curl -fsS --max-time 3 "http://127.0.0.1:$1/readyz"; } # controller-runtime's probe server

# ---------------------------------------------------------------- manifests

webhook_port() { # the webhook port of a component, from platform.env
  local var
  var="$(echo "$1" | tr '[:lower:]' '[:upper:]')_WEBHOOK_PORT"
  sed -n "s/^$var=//p" "$DIR/platform.env"
}

# render <component> <file>: a cluster/ manifest of build-platform.sh with the local URL and CA.
render() {
  local c="$1" file="$2" dir
  case "$c" in
    jobset) dir="$JOBSET_DIR" ;;
    kueue) dir="$KUEUE_DIR" ;;
    trainer) dir="$TRAINER_DIR" ;;
  esac
  sed -e "s|__MODELGATE_WEBHOOK_URL__|https://127.0.0.1:$(webhook_port "$c")|" \
    -e "s|__MODELGATE_CA_BUNDLE__|$(base64 -w0 <"$CLUSTER_DIR/pki/ca.crt")|" \
    "$dir/cluster/$file"
}

webhook_names() { # the names of every webhook configuration of the three components
  local dir
  for dir in "$JOBSET_DIR" "$KUEUE_DIR" "$TRAINER_DIR"; do
    [[ -f "$dir/cluster/webhooks.yaml" ]] || continue
    awk '/^kind: (Mutating|Validating)WebhookConfiguration$/ { kind = $2 }
         /^  name: / && kind { print tolower(kind) "/" $2; kind = "" }' "$dir/cluster/webhooks.yaml"
  done
}

delete_webhooks() { # best effort: the API server may be gone already
  local -a names
  mapfile -t names < <(webhook_names)
  ((${#names[@]})) || return 0
  kc delete --ignore-not-found --wait=false --request-timeout=10s "${names[@]}" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- certificates and configs

gen_cert() { # one serving certificate for 127.0.0.1, signed by the cluster's CA, for the three managers
  local pki="$DIR/pki"
  local_serving_cert "$pki" modelgate-platform-webhooks
  local d
  for d in "$DIR/jobset/certs" "$DIR/kueue/certs" "$DIR/kueue/etc/kueue/metrics/certs" \
    "$DIR/trainer/tmp/k8s-webhook-server/serving-certs"; do
    mkdir -p "$d"
    cp "$pki/tls.crt" "$pki/tls.key" "$d/"
  done
}

write_configs() {
  cat >"$DIR/jobset/config.yaml" <<EOF
apiVersion: config.jobset.x-k8s.io/v1alpha1
kind: Configuration
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
webhook:
  host: 127.0.0.1
  port: $JOBSET_WEBHOOK_PORT
  certDir: $DIR/jobset/certs
metrics:
  bindAddress: 127.0.0.1:$JOBSET_METRICS_PORT
  certDir: $DIR/jobset/certs
health:
  healthProbeBindAddress: 127.0.0.1:$JOBSET_HEALTH_PORT
EOF
  cat >"$DIR/kueue/config.yaml" <<EOF
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: kueue-system
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
webhook:
  host: 127.0.0.1
  port: $KUEUE_WEBHOOK_PORT
  certDir: $DIR/kueue/certs
metrics:
  bindAddress: 127.0.0.1:$KUEUE_METRICS_PORT
health:
  healthProbeBindAddress: 127.0.0.1:$KUEUE_HEALTH_PORT
manageJobsWithoutQueueName: false
integrations:
  frameworks:
  - batch/job
  - jobset.x-k8s.io/jobset
  - trainer.kubeflow.org/trainjob
featureGates:
  VisibilityOnDemand: false
EOF
  cat >"$DIR/trainer/config.yaml" <<EOF
apiVersion: config.trainer.kubeflow.org/v1alpha1
kind: Configuration
leaderElection:
  leaderElect: false
certManagement:
  enable: false
webhook:
  host: 127.0.0.1
  port: $TRAINER_WEBHOOK_PORT
metrics:
  bindAddress: 127.0.0.1:$TRAINER_METRICS_PORT
  secureServing: true
health:
  healthProbeBindAddress: 127.0.0.1:$TRAINER_HEALTH_PORT
EOF
}

# Kueue in a private mount namespace whose /etc is the real /etc with <state>/kueue/etc laid over it
# (only kueue/metrics/certs/tls.{crt,key}); the overlay vanishes with the process. Without root, a
# user namespace maps the caller to root inside (overlayfs in user namespaces: Linux 5.11+).
start_kueue() {
  local -a ns=(unshare --mount --propagation private)
  [[ $(id -u) -eq 0 ]] || ns=(unshare --user --map-root-user --mount --propagation private)
  mkdir -p "$DIR/kueue/overlay-work"
  # shellcheck disable=SC2016 # $0, $1, $@ are for the inner shell
  start_proc kueue "${ns[@]}" /bin/sh -c \
    'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc || exit 1; shift 2; exec "$0" "$@"' \
    "$KUEUE_MANAGER" "$DIR/kueue/etc" "$DIR/kueue/overlay-work" \
    --config="$DIR/kueue/config.yaml" --kubeconfig="$KUBECONFIG_FILE" --zap-log-level=info
}

# ---------------------------------------------------------------- commands

cmd_up() {
  UP_START=$SECONDS
  [[ -f "$CLUSTER_DIR/.modelgate-cluster" && -f "$KUBECONFIG_FILE" ]] ||
    die "no local cluster in $CLUSTER_DIR: start one with hack/local-cluster.sh up (same MODELGATE_CLUSTER_DIR)"
  kc get --raw /readyz >/dev/null 2>&1 || die "the cluster in $CLUSTER_DIR does not answer (hack/local-cluster.sh status)"
  if [[ -f "$MARKER" ]]; then
    if pid_of jobset >/dev/null && pid_of kueue >/dev/null && pid_of trainer >/dev/null; then
      log "already running in $DIR"
      cmd_env
      return
    fi
    log "stale state in $DIR: cleaning it"
    cmd_down
  fi
  command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"
  command -v curl >/dev/null || die "curl is needed"
  command -v unshare >/dev/null || die "unshare (util-linux) is needed to run Kueue"

  local b
  for b in "$JOBSET_MANAGER" "$KUEUE_MANAGER" "$TRAINER_MANAGER" \
    "$JOBSET_DIR/.manifests-complete" "$KUEUE_DIR/.manifests-complete" "$TRAINER_DIR/.manifests-complete"; do
    if [[ ! -e "$b" ]]; then
      log "missing $b: running hack/build-platform.sh"
      "$HACK_DIR/build-platform.sh" >&2
      break
    fi
  done

  mkdir -p "$DIR/logs" "$DIR/pids" "$DIR/jobset" "$DIR/kueue" "$DIR/trainer"
  touch "$MARKER"
  local c
  for c in JOBSET KUEUE TRAINER; do
    printf -v "${c}_WEBHOOK_PORT" '%s' "$(free_port)"
    printf -v "${c}_METRICS_PORT" '%s' "$(free_port)"
    printf -v "${c}_HEALTH_PORT" '%s' "$(free_port)"
  done
  cat >"$DIR/platform.env" <<EOF
JOBSET_VERSION=$JOBSET_VERSION
JOBSET_WEBHOOK_PORT=$JOBSET_WEBHOOK_PORT
JOBSET_METRICS_PORT=$JOBSET_METRICS_PORT
JOBSET_HEALTH_PORT=$JOBSET_HEALTH_PORT
KUEUE_VERSION=$KUEUE_VERSION
KUEUE_WEBHOOK_PORT=$KUEUE_WEBHOOK_PORT
KUEUE_METRICS_PORT=$KUEUE_METRICS_PORT
KUEUE_HEALTH_PORT=$KUEUE_HEALTH_PORT
TRAINER_VERSION=$TRAINER_VERSION
TRAINER_WEBHOOK_PORT=$TRAINER_WEBHOOK_PORT
TRAINER_METRICS_PORT=$TRAINER_METRICS_PORT
TRAINER_HEALTH_PORT=$TRAINER_HEALTH_PORT
TRAINER_RUNTIMES_DIR=$TRAINER_DIR/runtimes
PLATFORM_CA=$CLUSTER_DIR/pki/ca.crt
PLATFORM_LOGS=$DIR/logs
EOF
  gen_cert
  write_configs
  log "certificate, configs and ports in $DIR ($((SECONDS - UP_START))s)"

  # CRDs first: the managers look their kinds up at start. Server-side apply: Kueue's Workload and
  # the JobSet/TrainJob CRDs are far larger than client-side apply's annotation may hold.
  for c in jobset kueue trainer; do
    render "$c" crds.yaml | kc apply --server-side --force-conflicts --field-manager=modelgate-platform -f - >/dev/null ||
      fail "could not apply the $c CRDs"
  done
  for c in jobset kueue trainer; do
    render "$c" crds.yaml | kc wait --for=condition=Established --timeout="${UP_TIMEOUT}s" -f - >/dev/null ||
      fail "the $c CRDs did not become Established"
  done
  log "CRDs Established ($((SECONDS - UP_START))s)"
  # Kueue's own namespace (the webhooks' namespaceSelector leaves it and kube-system out).
  kc get namespace kueue-system >/dev/null 2>&1 || kc create namespace kueue-system >/dev/null

  start_proc jobset "$JOBSET_MANAGER" --config="$DIR/jobset/config.yaml" --kubeconfig="$KUBECONFIG_FILE" \
    --zap-devel=false --zap-log-level=info
  start_kueue
  start_proc trainer env TMPDIR="$DIR/trainer/tmp" "$TRAINER_MANAGER" --config="$DIR/trainer/config.yaml" \
    --kubeconfig="$KUBECONFIG_FILE" --zap-log-level=info
  wait_until "jobset ready" jobset ready "$JOBSET_HEALTH_PORT"
  wait_until "kueue ready" kueue ready "$KUEUE_HEALTH_PORT"
  wait_until "trainer ready" trainer ready "$TRAINER_HEALTH_PORT"

  for c in jobset kueue trainer; do
    render "$c" webhooks.yaml | kc apply --server-side --force-conflicts --field-manager=modelgate-platform -f - >/dev/null ||
      fail "could not register the $c webhooks"
  done
  # The API server picks webhook configurations up asynchronously: wait until a server-side dry run
  # goes through JobSet's and Kueue's webhooks, and the Trainer's rejects a TrainJob without runtime.
  wait_until "webhooks answering" "" webhooks_answer
  log "platform up in $((SECONDS - UP_START))s: $DIR"
  cmd_env
}

webhooks_answer() {
  kc create --dry-run=server -o name -f - >/dev/null <<'EOF' || return 1
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: modelgate-platform-probe, namespace: default}
spec:
  replicatedJobs:
  - name: probe
    template:
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: probe, image: busybox}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: modelgate-platform-probe}
EOF
  # The Trainer's validating webhook answers with its own message about the missing runtime.
  local answer
  answer="$(kc create --dry-run=server -o name -f - 2>&1 <<'EOF' || true
apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: modelgate-platform-probe, namespace: default}
spec:
  runtimeRef: {name: modelgate-platform-no-such-runtime}
EOF
)"
  [[ "$answer" == *"must be created before the TrainJob"* ]]
}

cmd_down() {
  if [[ ! -e "$DIR" ]]; then
    log "nothing to stop ($DIR does not exist)"
    return
  fi
  [[ -f "$MARKER" ]] || die "$DIR is not a Modelgate platform folder (no $MARKER): not touching it"
  delete_webhooks
  stop_all
  rm -rf "$DIR"
  log "removed $DIR"
}

cmd_env() {
  [[ -f "$DIR/platform.env" ]] || die "no platform in $DIR (run: hack/platform.sh up)"
  cat "$DIR/platform.env"
}

cmd_status() {
  if [[ ! -f "$MARKER" ]]; then
    echo "not running ($DIR)"
    return 1
  fi
  # shellcheck disable=SC1091
  source "$DIR/platform.env"
  local c pid rc=0 port
  for c in "${COMPONENTS[@]}"; do
    port="$(sed -n "s/^$(echo "$c" | tr '[:lower:]' '[:upper:]')_HEALTH_PORT=//p" "$DIR/platform.env")"
    if pid="$(pid_of "$c")"; then
      printf '%-8s running  pid %-8s readyz: %s\n' "$c" "$pid" "$(ready "$port" 2>&1 || true)"
    else
      printf '%-8s STOPPED\n' "$c"
      rc=1
    fi
  done
  return $rc
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
