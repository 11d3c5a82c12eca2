#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Modelgate in one command, on a real (local, simulated) Kubernetes control plane:
#
#   hack/demo.sh        (or: make demo)       build what is missing, start the cluster, install Modelgate,
#                                              run the operator, apply examples/fraud-detection.yaml and
#                                              show the pipeline going from data validation to serving
#   hack/demo.sh kserve (or: make demo-kserve) the same on the real KServe controller: apply
#                                              examples/fraud-detection-kserve.yaml (one InferenceService per
#                                              revision), then roll a second revision out as a canary
#   hack/demo.sh down   (or: make demo-down)  stop the operator and the cluster, remove the demo's state
#   hack/demo.sh env    print `export KUBECONFIG=...` for the running demo
#
# What it does, step by step:
#   1. hack/install-deps.sh: the Debian packages, Go and the control plane binaries that are missing
#      (idempotent, ~1 s when all is there; on an empty machine the control plane build dominates, see
#      the README for measured times);
#   2. `$MVN -B -q package -DskipTests` when target/quarkus-app/quarkus-run.jar is missing or older than
#      pom.xml or anything under src/main;
#   3. hack/local-cluster.sh up --with platform, its state in $MODELGATE_DEMO_DIR/cluster (etcd, kube-apiserver,
#      controller-manager, scheduler, kwok fake nodes, and the real Kubeflow Trainer, JobSet and Kueue
#      managers; all on 127.0.0.1);
#   4. installs Modelgate from deploy/overlays/training-engines (deploy/modelgate.yaml: Namespace, CRDs,
#      ServiceAccount, RBAC, Service, Deployment, which is `helm template` of helm/modelgate, generated and
#      drift-checked by DeployManifestsDriftTest, with the engines' RBAC the chart grants for backends.*=true,
#      checked by BackendOverlaysTest): no helm binary is needed and it is exactly what the chart installs.
#      The chart's Deployment is scaled to 0: kwok's fake nodes run no containers, so its pod would only
#      pretend. The operator runs here instead, as a local process:
#   5. java -jar target/quarkus-app/quarkus-run.jar with a kubeconfig holding a token of the chart's
#      ServiceAccount (kubectl create token), so it has exactly the chart's RBAC; metrics and health on
#      127.0.0.1 (port 8080 when free); log in $MODELGATE_DEMO_DIR/operator.log;
#   6. applies examples/fraud-detection.yaml and prints each change of the pipeline, its revisions and
#      the serving Deployment with the elapsed seconds, until the pipeline is Ready (kwok completes the
#      Jobs and reports the evaluation metrics from the pod annotations modelgate.io/simulated-*);
#   7. applies the Trainer's torch-distributed runtime, examples/kueue/queue.yaml and
#      examples/distributed-pytorch.yaml, and follows that pipeline likewise: a TrainJob of 4 nodes, run
#      by the Trainer as a JobSet, admitted by Kueue, to serving.
#
# The KServe variant (hack/demo.sh kserve) starts the cluster with --with kserve (the real KServe controller
# manager, its webhooks and ClusterServingRuntimes in Standard mode) instead of the training engines, installs
# deploy/overlays/kserve, applies examples/fraud-detection-kserve.yaml in step 6 and follows its InferenceService
# to Ready, and in step 7 patches a new dataRef and a Canary (setWeight 50, a 15 s pause) so that r2's
# InferenceService takes half of the pods of the pipeline's Service, then is promoted and r1's scaled to 0.
#
# Environment:
#   MVN                     the Maven command (default mvn), e.g. MVN="mvn -Dmaven.repo.local=/some/dir";
#                           MODELGATE_CACHE, GOMODCACHE and GOCACHE pass through to hack/install-deps.sh
#   MODELGATE_DEMO_DIR      state folder (default <repo>/target/demo): cluster/, operator.log, kubeconfigs
#   MODELGATE_DEMO_PORT     operator HTTP port (default 8080 if free, else a free one)
#   MODELGATE_DEMO_TIMEOUT  seconds to wait for the pipeline to become Ready (default 300)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

REPO="$(cd "$HACK_DIR/.." && pwd)"
DEMO_DIR="${MODELGATE_DEMO_DIR:-$REPO/target/demo}"
CLUSTER_DIR="$DEMO_DIR/cluster"
ADMIN_KUBECONFIG="$CLUSTER_DIR/kubeconfig"
OPERATOR_KUBECONFIG="$DEMO_DIR/operator.kubeconfig"
OPERATOR_LOG="$DEMO_DIR/operator.log"
OPERATOR_PID="$DEMO_DIR/operator.pid"
OPERATOR_PORT_FILE="$DEMO_DIR/operator.port"
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
MANIFESTS="$REPO/deploy/modelgate.yaml"
EXAMPLE="$REPO/examples/fraud-detection.yaml"
SYSTEM_NS=modelgate-system
PIPELINE=fraud-detection
TRAINED_EXAMPLE="$REPO/examples/distributed-pytorch.yaml"
TRAINED_PIPELINE=recommender
KSERVE_EXAMPLE="$REPO/examples/fraud-detection-kserve.yaml"
KSERVE_PIPELINE=fraud-detection-kserve
ISVC=inferenceservices.serving.kserve.io
PIPELINE_NS=default
TIMEOUT="${MODELGATE_DEMO_TIMEOUT:-300}"
read -r -a MVN_CMD <<<"${MVN:-mvn}"

START=$SECONDS
if [[ -t 1 ]]; then BOLD=$'\e[1m'; DIM=$'\e[2m'; RESET=$'\e[0m'; else BOLD=; DIM=; RESET=; fi

step() { printf '\n%s==> [%3ds] %s%s\n' "$BOLD" "$((SECONDS - START))" "$*" "$RESET"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '\n%sdemo FAILED: %s%s\n' "$BOLD" "$*" "$RESET" >&2
  if [[ -f "$OPERATOR_LOG" ]]; then
    printf '\n---- last lines of %s\n' "$OPERATOR_LOG" >&2
    tail -n 30 "$OPERATOR_LOG" >&2 || true
  fi
  printf '\nThe cluster is left running for inspection (export KUBECONFIG=%s); stop it with: make demo-down\n' "$ADMIN_KUBECONFIG" >&2
  exit 1
}

# kubectl against the demo cluster as admin; the 1.32-client/1.34-server skew warning is dropped.
kc() { "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" "$@" 2> >(grep -v 'version difference' >&2); }
kcq() { "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" "$@" 2>/dev/null; }

cluster() { MODELGATE_CLUSTER_DIR="$CLUSTER_DIR" "$HACK_DIR/local-cluster.sh" "$@"; }

operator_pid() { # the pid of the demo's operator when it is alive
  local pid
  [[ -f "$OPERATOR_PID" ]] || return 1
  pid="$(cat "$OPERATOR_PID")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  # Guard against a recycled pid: ours runs this checkout's jar.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$JAR" || return 1
  echo "$pid"
}

stop_operator() {
  local pid i
  if pid="$(operator_pid)"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
      [[ -e "/proc/$pid" ]] || break
      sleep 0.1
    done
    if [[ -e "/proc/$pid" ]]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "[demo] stopped the operator ($pid)" >&2
  fi
  rm -f "$OPERATOR_PID"
}

cmd_down() {
  stop_operator
  cluster down
  rm -rf "$DEMO_DIR"
}

cmd_env() {
  [[ -f "$ADMIN_KUBECONFIG" ]] || { echo "no demo running ($DEMO_DIR)" >&2; exit 1; }
  echo "export KUBECONFIG=$ADMIN_KUBECONFIG"
}

port_free() { ! ss -Htln "( sport = :$1 )" 2>/dev/null | grep -q .; }

pick_port() {
  local p="${MODELGATE_DEMO_PORT:-8080}"
  if port_free "$p"; then echo "$p"; return; fi
  [[ -z "${MODELGATE_DEMO_PORT:-}" ]] || die "MODELGATE_DEMO_PORT=$p is taken"
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if port_free "$p"; then echo "$p"; return; fi
  done
  die "no free port on 127.0.0.1"
}

jar_is_stale() {
  [[ -f "$JAR" ]] || return 0
  [[ -n "$(find "$REPO/pom.xml" "$REPO/src/main" -newer "$JAR" -print -quit 2>/dev/null)" ]]
}

# One line summarizing a pipeline, its revisions, Deployments and TrainJobs, for change detection.
snapshot() { # snapshot <pipeline> [extra kinds, e.g. ,trainjobs.trainer.kubeflow.org]
  local fields='{range .items[*]}{.kind}{"|"}{.metadata.name}{"|"}{.status.phase}{"|"}{.status.readyReplicas}{"|"}{.spec.replicas}{"|"}{.status.conditions[?(@.status=="True")].type}{"\n"}{end}'
  { kcq -n "$PIPELINE_NS" get mp --field-selector "metadata.name=$1" -o jsonpath="$fields"
    kcq -n "$PIPELINE_NS" get "mrev,deploy${2:-}" -l "modelgate.io/pipeline=$1" -o jsonpath="$fields"; } |
    awk -F'|' '
      $1 == "ModelPipeline" { mp = "pipeline " $2 ": " ($3 == "" ? "(new)" : $3) }
      $1 == "ModelRevision" { rev = rev "  " $2 " " ($3 == "" ? "Pending" : $3) }
      $1 == "TrainJob"      { tj = tj "  trainjob/" $2 " " ($6 == "" ? "Running" : $6) }
      $1 == "InferenceService" { tj = tj "  isvc/" $2 " " ($6 ~ /(^| )Ready( |$)/ ? "Ready" : "NotReady") }
      $1 == "Deployment"    { dep = dep "  deploy/" $2 " " ($4 == "" ? 0 : $4) "/" $5 " ready" }
      END { printf "%s |%s%s%s", mp, rev, (tj == "" ? "" : " |" tj), (dep == "" ? "" : " |" dep) }'
}

ready() { # ready <pipeline> [a revision that must be its stable one]
  [[ "$(kcq -n "$PIPELINE_NS" get mp "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] &&
    [[ -z "${2:-}" || "$(kcq -n "$PIPELINE_NS" get mp "$1" -o jsonpath='{.status.stableRevision}')" == "$2" ]]
}

# Prints each change of a pipeline (snapshot) with the elapsed seconds until it is Ready (and serves <revision>).
follow() { # follow <pipeline> [extra kinds] [revision]
  local t=$SECONDS last="" now deadline=$((SECONDS + TIMEOUT))
  while :; do
    now="$(snapshot "$1" "${2:-}" || true)"
    if [[ -n "$now" && "$now" != "$last" ]]; then
      printf '    %s[+%3ds]%s %s\n' "$DIM" "$((SECONDS - t))" "$RESET" "$now"
      last="$now"
    fi
    if ready "$1" "${3:-}"; then
      now="$(snapshot "$1" "${2:-}" || true)"
      [[ "$now" == "$last" ]] || printf '    %s[+%3ds]%s %s\n' "$DIM" "$((SECONDS - t))" "$RESET" "$now"
      break
    fi
    operator_pid >/dev/null || die "the operator exited (log: $OPERATOR_LOG)"
    ((SECONDS < deadline)) || die "pipeline $1 was not Ready after ${TIMEOUT}s"
    sleep 1
  done
  info "pipeline $1 is Ready: $(kcq -n "$PIPELINE_NS" get mp "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}') ($((SECONDS - t))s)"
}

cmd_up() { # cmd_up platform|kserve
  local variant="$1" with overlay backends
  case "$variant" in
    platform) with=platform overlay=training-engines
      backends=(MODELGATE_BACKENDS_TRAIN_JOB=true MODELGATE_BACKENDS_JOB_SET=true MODELGATE_BACKENDS_KUEUE=true) ;;
    kserve) with=kserve overlay=kserve backends=(MODELGATE_BACKENDS_KSERVE=true) ;;
  esac
  if [[ -f "$CLUSTER_DIR/.modelgate-cluster" ]] || operator_pid >/dev/null; then
    step "a demo is already running: stopping it for a fresh start"
    cmd_down
  fi
  mkdir -p "$DEMO_DIR"

  step "1/7 what the demo needs: Debian packages, Go, control plane binaries (hack/install-deps.sh)"
  local t=$SECONDS
  "$HACK_DIR/install-deps.sh" >"$DEMO_DIR/install-deps.log" 2>&1 ||
    { tail -n 30 "$DEMO_DIR/install-deps.log" >&2; die "hack/install-deps.sh failed (log: $DEMO_DIR/install-deps.log)"; }
  info "etcd $ETCD_VERSION, kubernetes $K8S_VERSION, kwok $KWOK_VERSION in $MODELGATE_CACHE/bin ($((SECONDS - t))s)"

  step "2/7 operator build (target/quarkus-app/quarkus-run.jar)"
  t=$SECONDS
  if jar_is_stale; then
    info "missing or older than the sources: ${MVN_CMD[*]} -B -q package -DskipTests"
    (cd "$REPO" && "${MVN_CMD[@]}" -B -q package -DskipTests) >"$DEMO_DIR/mvn-package.log" 2>&1 ||
      { tail -n 40 "$DEMO_DIR/mvn-package.log" >&2; die "mvn package failed (log: $DEMO_DIR/mvn-package.log)"; }
    [[ -f "$JAR" ]] || die "mvn package did not produce $JAR"
    info "built ($((SECONDS - t))s)"
  else
    info "up to date"
  fi

  if [[ "$variant" == kserve ]]; then
    step "3/7 local cluster with the KServe controller (hack/local-cluster.sh up --with kserve, state in $CLUSTER_DIR)"
  else
    step "3/7 local cluster with the Kubeflow Trainer, JobSet and Kueue (hack/local-cluster.sh up --with platform, state in $CLUSTER_DIR)"
  fi
  t=$SECONDS
  cluster up --with "$with" >"$DEMO_DIR/local-cluster.log" 2>&1 ||
    { tail -n 30 "$DEMO_DIR/local-cluster.log" >&2; die "hack/local-cluster.sh up failed (log: $DEMO_DIR/local-cluster.log)"; }
  info "$(kcq get nodes --no-headers | wc -l) kwok nodes Ready, apiserver $(grep -o 'https://[^ ]*' "$ADMIN_KUBECONFIG" | sed -n 1p) ($((SECONDS - t))s)"

  step "4/7 install Modelgate (deploy/overlays/$overlay = the Helm chart's CRDs, ServiceAccount, RBAC with its backends on, Deployment)"
  t=$SECONDS
  if [[ ! -f "$MANIFESTS" ]]; then
    info "deploy/modelgate.yaml is missing: generating it from helm/modelgate (DeployManifestsDriftTest)"
    (cd "$REPO" && "${MVN_CMD[@]}" -B -q test -Dtest=DeployManifestsDriftTest -Dmodelgate.updateDeploy=true -Dsurefire.failIfNoSpecifiedTests=false) \
      >"$DEMO_DIR/render.log" 2>&1 || { tail -n 30 "$DEMO_DIR/render.log" >&2; die "could not generate $MANIFESTS"; }
  fi
  # The base manifests with the backends' RBAC the chart grants when they are on.
  kc apply --server-side -k "$REPO/deploy/overlays/$overlay" | sed 's/^/    /'
  kc wait --for=condition=Established --timeout=60s crd/modelpipelines.modelgate.io crd/modelrevisions.modelgate.io \
    crd/modelanalysistemplates.modelgate.io crd/clustermodelanalysistemplates.modelgate.io >/dev/null
  local deployment sa
  deployment="$(kcq -n "$SYSTEM_NS" get deploy -o jsonpath='{.items[0].metadata.name}')"
  sa="$(kcq -n "$SYSTEM_NS" get deploy "$deployment" -o jsonpath='{.spec.template.spec.serviceAccountName}')"
  [[ -n "$sa" ]] || die "the chart's Deployment in $SYSTEM_NS names no ServiceAccount"
  kc -n "$SYSTEM_NS" scale deployment "$deployment" --replicas=0 >/dev/null
  info "scaled deployment/$deployment to 0: the operator runs as a local process instead (fake nodes run no containers)"
  info "installed ($((SECONDS - t))s)"

  step "5/7 operator process, authenticated as ServiceAccount $SYSTEM_NS/$sa (the chart's RBAC)"
  t=$SECONDS
  local token server ca port
  token="$(kc -n "$SYSTEM_NS" create token "$sa" --duration=24h)"
  server="$(kcq config view --raw -o jsonpath='{.clusters[0].cluster.server}')"
  ca="$(kcq config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
  (
    umask 077
    cat >"$OPERATOR_KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: modelgate-local
  cluster:
    server: $server
    certificate-authority-data: $ca
users:
- name: system:serviceaccount:$SYSTEM_NS:$sa
  user:
    token: $token
contexts:
- name: modelgate-operator
  context:
    cluster: modelgate-local
    user: system:serviceaccount:$SYSTEM_NS:$sa
    namespace: $SYSTEM_NS
current-context: modelgate-operator
EOF
  )
  port="$(pick_port)"
  echo "$port" >"$OPERATOR_PORT_FILE"
  # setsid + nohup: the operator keeps running after this script ends (stop it with make demo-down).
  env -u KUBERNETES_MASTER -u KUBERNETES_SERVICE_HOST \
    KUBECONFIG="$OPERATOR_KUBECONFIG" KUBERNETES_NAMESPACE="$SYSTEM_NS" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
    "${backends[@]}" \
    setsid nohup java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" >"$OPERATOR_LOG" 2>&1 </dev/null &
  echo $! >"$OPERATOR_PID"
  local deadline=$((SECONDS + 120))
  until curl -fsS --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    operator_pid >/dev/null || die "the operator exited (log: $OPERATOR_LOG)"
    ((SECONDS < deadline)) || die "the operator did not become ready in 120 s (log: $OPERATOR_LOG)"
    sleep 0.5
  done
  info "pid $(cat "$OPERATOR_PID"), ready on http://127.0.0.1:$port ($((SECONDS - t))s), log $OPERATOR_LOG"

  if [[ "$variant" == kserve ]]; then
    kserve_examples
  else
    platform_examples
  fi
  local total=$((SECONDS - START))
  if [[ "$variant" == kserve ]]; then summary "$total" "$port" "$KSERVE_PIPELINE"; else summary "$total" "$port" "$PIPELINE"; fi
}

platform_examples() {
  step "6/7 kubectl apply -f examples/fraud-detection.yaml, then follow it"
  kc apply -f "$EXAMPLE" | sed 's/^/    /'
  follow "$PIPELINE"

  step "7/7 distributed training on the real Kubeflow Trainer, JobSet and Kueue: examples/distributed-pytorch.yaml"
  local runtimes
  runtimes="$("$HACK_DIR/build-platform.sh" --print-env | sed -n 's/^TRAINER_RUNTIMES_DIR=//p')"
  kc apply --server-side --field-manager=modelgate-demo -f "$runtimes/torch_distributed.yaml" | sed 's/^/    /'
  kc apply -f "$REPO/examples/kueue/queue.yaml" | sed 's/^/    /'
  kc apply -f "$TRAINED_EXAMPLE" | sed 's/^/    /'
  follow "$TRAINED_PIPELINE" ,trainjobs.trainer.kubeflow.org
  info "its TrainJob's JobSet ran $(kcq -n "$PIPELINE_NS" get pods -l jobset.sigs.k8s.io/jobset-name=$TRAINED_PIPELINE-r1-train --no-headers | wc -l) node pods;" \
    "training metrics $(kcq -n "$PIPELINE_NS" get mrev $TRAINED_PIPELINE-r1 -o jsonpath='{.status.trainingMetrics}')"

  step "result"
  kc -n "$PIPELINE_NS" get mp,mrev,jobs,deploy,trainjobs.trainer.kubeflow.org,jobsets.jobset.x-k8s.io,workloads.kueue.x-k8s.io
}

kserve_examples() {
  step "6/7 kubectl apply -f examples/fraud-detection-kserve.yaml (served by an InferenceService), then follow it"
  kc apply -f "$KSERVE_EXAMPLE" | sed 's/^/    /'
  follow "$KSERVE_PIPELINE" ",$ISVC"
  info "KServe's predictor for modelFormat sklearn: $(kcq -n "$PIPELINE_NS" get deploy "$KSERVE_PIPELINE-r1-predictor" \
    -o jsonpath='{.spec.template.spec.containers[0].image} ({.metadata.labels.modelClass})'), model $(kcq -n "$PIPELINE_NS" \
    get "$ISVC" "$KSERVE_PIPELINE-r1" -o jsonpath='{.status.modelStatus.states.activeModelState}')"

  step "7/7 a canary on KServe: a new dataRef and Canary (setWeight 50, pause 15 s), r2's InferenceService beside r1's"
  kc patch mp "$KSERVE_PIPELINE" -n "$PIPELINE_NS" --type=merge \
    -p '{"spec":{"source":{"dataRef":"s3://example-data/transactions/2026-11-08"},"rollout":{"strategy":"Canary","steps":[{"setWeight":50},{"pause":{"duration":"15s"}}]}}}' | sed 's/^/    /'
  follow "$KSERVE_PIPELINE" ",$ISVC" "$KSERVE_PIPELINE-r2"
  info "r1's InferenceService is kept at $(kcq -n "$PIPELINE_NS" get "$ISVC" "$KSERVE_PIPELINE-r1" -o jsonpath='{.spec.predictor.minReplicas}') pods;" \
    "the Service $(kcq -n "$PIPELINE_NS" get mp "$KSERVE_PIPELINE" -o jsonpath='{.spec.serving.serviceName}') selects $(kcq -n "$PIPELINE_NS" get pods -l modelgate.io/pipeline=$KSERVE_PIPELINE,modelgate.io/role=serving --no-headers | wc -l) predictor pods"

  step "result"
  kc -n "$PIPELINE_NS" get mp "$KSERVE_PIPELINE"
  kc -n "$PIPELINE_NS" get mrev,"$ISVC",deploy,svc,hpa -l "modelgate.io/pipeline=$KSERVE_PIPELINE"
}

summary() { # summary <total seconds> <operator port> <pipeline>
  local total="$1" port="$2" pipeline="$3"
  cat <<EOF

${BOLD}Modelgate demo is running (total ${total}s).${RESET}

  export KUBECONFIG=$ADMIN_KUBECONFIG

  kubectl get mp,mrev,jobs,deploy,pods                 # the pipeline, its revisions and what they created
  kubectl describe mp $pipeline                  # conditions, history and Events
  kubectl get mrev $pipeline-r1 -o yaml          # the frozen spec, metrics, gate verdicts, transitions
  kubectl wait --for=condition=Ready mp/$pipeline

  # a new revision: change what defines the model (here a failing evaluation too, so it is Rejected
  # and r1 keeps serving)
  kubectl patch mp $pipeline --type=merge -p '{"spec":{"source":{"dataRef":"s3://example-data/transactions/2026-11-08"},"evaluation":{"template":{"metadata":{"annotations":{"modelgate.io/simulated-termination-message":"{\"auc\": 0.71, \"recall\": 0.8, \"latency_p99_ms\": 15}"}}}}}}'
  # retrain the same spec
  kubectl annotate mp $pipeline modelgate.io/action=retrain
  watch -n1 kubectl get mp,mrev

  # a canary (with a passing evaluation again): the next revision goes to 50% of the traffic and waits for a person
  kubectl patch mp $pipeline --type=merge -p '{"spec":{"rollout":{"strategy":"Canary","steps":[{"setWeight":50},{"pause":{}}]},"source":{"dataRef":"s3://example-data/transactions/2026-11-15"},"evaluation":{"template":{"metadata":{"annotations":{"modelgate.io/simulated-termination-message":"{\"auc\": 0.95, \"recall\": 0.84, \"latency_p99_ms\": 14}"}}}}}}'
  kubectl get mp,mrev,deploy                     # WEIGHT 50: the canary's pods beside all of r1's
  kubectl annotate mp $pipeline modelgate.io/action=promote   # or: abort

  # the operator's metrics and log
  curl -s http://127.0.0.1:$port/metrics | grep ^modelgate_
  tail -f $OPERATOR_LOG

Stop everything (operator and cluster): make demo-down    (or: hack/demo.sh down)
EOF
}

case "${1:-up}" in
  up) cmd_up platform ;;
  kserve) cmd_up kserve ;;
  down) cmd_down ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 [up|kserve|down|env]" >&2
    exit 2
    ;;
esac
