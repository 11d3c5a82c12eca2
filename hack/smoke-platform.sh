#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Smoke test of the platform controllers (hack/platform.sh up) on the local kwok cluster:
#
#   - a ResourceFlavor, a ClusterQueue (4 CPU, 8 Gi) and a LocalQueue; Kueue marks the queue Active
#   - a JobSet with the queue label: Kueue admits its Workload (QuotaReserved, Admitted), unsuspends
#     it, JobSet runs its Jobs (kwok ends their pods Succeeded), the JobSet is Completed and the
#     Workload Finished
#   - a batch/v1 Job with the queue label: admitted, Complete
#   - a TrainJob on the Trainer's own torch-distributed ClusterTrainingRuntime, with the queue label:
#     admitted by Kueue, reconciled by the Trainer into a JobSet of the same name, Complete
#   - a TrainJob whose pods fail (simulated exit code 3, set through spec.runtimePatches, on a
#     fail-fast copy of the runtime with backoffLimit 0): its JobSet is Failed, the TrainJob Failed
#   - a TrainJob beyond the quota (2 nodes x 3 CPU > 4): stays suspended, its Workload has
#     QuotaReserved=False with Kueue's message, and no pod is created
#
# Then prints every condition the controllers wrote (type, status, reason, message), the record
# kept in docs/platforms.md. Uses its own namespace and cluster-scoped names with the pid, and
# deletes them at the end.
# Usage: hack/smoke-platform.sh   (prints "N passed, N failed", exits non-zero on failure)
# Environment: MODELGATE_CLUSTER_DIR as for hack/local-cluster.sh; MODELGATE_SMOKE_TIMEOUT (120 s)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
eval "$("$HACK_DIR/local-cluster.sh" env)"
"$HACK_DIR/platform.sh" status >/dev/null || { echo "the platform is not running: hack/platform.sh up" >&2; exit 1; }
TIMEOUT="${MODELGATE_SMOKE_TIMEOUT:-120}"
ID="$$"
NS="platform-smoke-$ID"
RF="smoke-flavor-$ID" CQ="smoke-cq-$ID" LQ="smoke-lq"
FAILFAST="modelgate-smoke-fail-fast-$ID"
PASSED=0 FAILED=0

check() { # check <name> <expected> <actual>
  if [[ "$2" == "$3" ]]; then
    echo "ok    $1"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL  $1: expected [$2], got [$3]"
    FAILED=$((FAILED + 1))
  fi
}
k() { "$KUBECTL" -n "$NS" "$@"; }
cond() { # cond <resource/name> <type> [field]: a condition's status (or another field of it)
  k get "$1" -o jsonpath="{.status.conditions[?(@.type==\"$2\")].${3:-status}}" 2>/dev/null || true
}
await() { # await <expected> <command...>: until the command prints the expected value (or time out)
  local want="$1" deadline=$((SECONDS + TIMEOUT))
  shift
  until [[ "$("$@")" == "$want" ]]; do
    ((SECONDS < deadline)) || return 0
    sleep 0.5
  done
}
workload_of() { # the Workload that Kueue made for an object (owner name)
  k get workloads.kueue.x-k8s.io -o jsonpath="{range .items[?(@.metadata.ownerReferences[0].name==\"$1\")]}{.metadata.name}{end}" 2>/dev/null || true
}
# await_workload <owner>: sets WL to the Workload's name once Kueue has made it.
await_workload() {
  local deadline=$((SECONDS + TIMEOUT))
  WL="$(workload_of "$1")"
  until [[ -n "$WL" ]] || ((SECONDS >= deadline)); do
    sleep 0.5
    WL="$(workload_of "$1")"
  done
}

cleanup() {
  "$KUBECTL" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
  "$KUBECTL" delete clusterqueue.kueue.x-k8s.io "$CQ" --wait=false >/dev/null 2>&1 || true
  "$KUBECTL" delete resourceflavor.kueue.x-k8s.io "$RF" --wait=false >/dev/null 2>&1 || true
  "$KUBECTL" delete clustertrainingruntime.trainer.kubeflow.org "$FAILFAST" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$KUBECTL" create namespace "$NS" >/dev/null

# ---------------------------------------------------------------- queues

"$KUBECTL" apply -f - >/dev/null <<EOF
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: $RF}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: $CQ}
spec:
  namespaceSelector:
    matchLabels: {kubernetes.io/metadata.name: $NS}
  resourceGroups:
  - coveredResources: [cpu, memory]
    flavors:
    - name: $RF
      resources:
      - {name: cpu, nominalQuota: "4"}
      - {name: memory, nominalQuota: 8Gi}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: $LQ, namespace: $NS}
spec:
  clusterQueue: $CQ
EOF
await True "$KUBECTL" get clusterqueue.kueue.x-k8s.io "$CQ" -o 'jsonpath={.status.conditions[?(@.type=="Active")].status}'
check "ClusterQueue Active" True "$("$KUBECTL" get clusterqueue.kueue.x-k8s.io "$CQ" -o 'jsonpath={.status.conditions[?(@.type=="Active")].status}')"
await True cond localqueue.kueue.x-k8s.io/$LQ Active
check "LocalQueue Active" True "$(cond localqueue.kueue.x-k8s.io/$LQ Active)"

# ---------------------------------------------------------------- a queued JobSet

k apply -f - >/dev/null <<EOF
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: smoke-jobset
  labels: {kueue.x-k8s.io/queue-name: $LQ}
spec:
  replicatedJobs:
  - name: workers
    replicas: 2
    template:
      spec:
        parallelism: 1
        completions: 1
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: worker
              image: registry.invalid/worker:1
              resources: {requests: {cpu: 500m, memory: 256Mi}}
EOF
await_workload smoke-jobset
check "JobSet: Kueue made a Workload" true "$([[ -n "$WL" ]] && echo true || echo false)"
JOBSET_WL="$WL"
await True cond "workload.kueue.x-k8s.io/$JOBSET_WL" Admitted
check "JobSet Workload QuotaReserved" True "$(cond "workload.kueue.x-k8s.io/$JOBSET_WL" QuotaReserved)"
check "JobSet Workload Admitted" True "$(cond "workload.kueue.x-k8s.io/$JOBSET_WL" Admitted)"
await True cond jobset.jobset.x-k8s.io/smoke-jobset Completed
check "JobSet Completed" True "$(cond jobset.jobset.x-k8s.io/smoke-jobset Completed)"
check "JobSet unsuspended by Kueue" false "$(k get jobset.jobset.x-k8s.io smoke-jobset -o jsonpath='{.spec.suspend}')"
check "JobSet Jobs Complete" "True True" \
  "$(k get jobs -l jobset.sigs.k8s.io/jobset-name=smoke-jobset -o jsonpath='{.items[*].status.conditions[?(@.type=="Complete")].status}')"
await True cond "workload.kueue.x-k8s.io/$JOBSET_WL" Finished
check "JobSet Workload Finished" True "$(cond "workload.kueue.x-k8s.io/$JOBSET_WL" Finished)"

# ---------------------------------------------------------------- a queued batch Job

k apply -f - >/dev/null <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: smoke-job
  labels: {kueue.x-k8s.io/queue-name: $LQ}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: job
        image: registry.invalid/job:1
        resources: {requests: {cpu: 500m, memory: 256Mi}}
EOF
await True cond job/smoke-job Complete
await_workload smoke-job
JOB_WL="$WL"
check "queued Job Complete" True "$(cond job/smoke-job Complete)"
check "queued Job Workload Admitted" True "$(cond "workload.kueue.x-k8s.io/$JOB_WL" Admitted)"

# ---------------------------------------------------------------- TrainJobs

# The Trainer's own example runtime, as the module ships it, and a fail-fast copy (backoffLimit 0,
# so that one failed pod fails the TrainJob instead of six retries with back-off).
"$KUBECTL" apply --server-side --field-manager=modelgate-smoke -f "$TRAINER_DIR/runtimes/torch_distributed.yaml" >/dev/null
"$KUBECTL" apply -f - >/dev/null <<EOF
apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata:
  name: $FAILFAST
  labels: {trainer.kubeflow.org/framework: torch}
spec:
  mlPolicy:
    numNodes: 1
    torch: {}
  template:
    spec:
      replicatedJobs:
      - name: node
        template:
          metadata:
            labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}
          spec:
            backoffLimit: 0
            template:
              spec:
                containers:
                - name: node
                  image: registry.invalid/train:1
EOF

k apply -f - >/dev/null <<EOF
apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: smoke-train
  labels: {kueue.x-k8s.io/queue-name: $LQ}
spec:
  runtimeRef: {name: torch-distributed}
  trainer:
    image: registry.invalid/train:1
    numNodes: 1
    resourcesPerNode: {requests: {cpu: "1", memory: 1Gi}}
---
apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: smoke-train-fails
  labels: {kueue.x-k8s.io/queue-name: $LQ}
spec:
  runtimeRef: {name: $FAILFAST}
  trainer:
    numNodes: 1
    resourcesPerNode: {requests: {cpu: "1", memory: 1Gi}}
  runtimePatches:
  - manager: modelgate.io/smoke
    trainingRuntimeSpec:
      template:
        spec:
          replicatedJobs:
          - name: node
            template:
              spec:
                template:
                  metadata:
                    annotations:
                      modelgate.io/simulated-exit-code: "3"
                      modelgate.io/simulated-termination-message: "loss is NaN"
EOF
await_workload smoke-train
TRAIN_WL="$WL"
check "TrainJob: Kueue made a Workload" true "$([[ -n "$TRAIN_WL" ]] && echo true || echo false)"
await True cond trainjob.trainer.kubeflow.org/smoke-train Complete
check "TrainJob Workload Admitted" True "$(cond "workload.kueue.x-k8s.io/$TRAIN_WL" Admitted)"
check "TrainJob unsuspended by Kueue" false "$(k get trainjob.trainer.kubeflow.org smoke-train -o jsonpath='{.spec.suspend}')"
check "TrainJob's JobSet Completed" True "$(cond jobset.jobset.x-k8s.io/smoke-train Completed)"
check "TrainJob's JobSet owned by the TrainJob" TrainJob \
  "$(k get jobset.jobset.x-k8s.io smoke-train -o jsonpath='{.metadata.ownerReferences[0].kind}')"
check "TrainJob Complete" True "$(cond trainjob.trainer.kubeflow.org/smoke-train Complete)"
await True cond "workload.kueue.x-k8s.io/$TRAIN_WL" Finished
check "TrainJob Workload Finished" True "$(cond "workload.kueue.x-k8s.io/$TRAIN_WL" Finished)"

await_workload smoke-train-fails
FAIL_WL="$WL"
await True cond trainjob.trainer.kubeflow.org/smoke-train-fails Failed
check "failing TrainJob's JobSet Failed" True "$(cond jobset.jobset.x-k8s.io/smoke-train-fails Failed)"
check "failing TrainJob Failed" True "$(cond trainjob.trainer.kubeflow.org/smoke-train-fails Failed)"
check "failing TrainJob's pod annotation (runtimePatches)" 3 \
  "$(k get pods -l jobset.sigs.k8s.io/jobset-name=smoke-train-fails -o jsonpath='{.items[0].metadata.annotations.modelgate\.io/simulated-exit-code}')"
check "failing TrainJob's pod exit code" 3 \
  "$(k get pods -l jobset.sigs.k8s.io/jobset-name=smoke-train-fails -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')"
await True cond "workload.kueue.x-k8s.io/$FAIL_WL" Finished
check "failing TrainJob Workload Finished" True "$(cond "workload.kueue.x-k8s.io/$FAIL_WL" Finished)"
check "failing TrainJob Workload Finished reason" Failed "$(cond "workload.kueue.x-k8s.io/$FAIL_WL" Finished reason)"

# Beyond the quota: 2 nodes x 3 CPU = 6 > 4.
k apply -f - >/dev/null <<EOF
apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: smoke-train-too-big
  labels: {kueue.x-k8s.io/queue-name: $LQ}
spec:
  runtimeRef: {name: torch-distributed}
  trainer:
    image: registry.invalid/train:1
    numNodes: 2
    resourcesPerNode: {requests: {cpu: "3", memory: 1Gi}}
EOF
await_workload smoke-train-too-big
BIG_WL="$WL"
check "too-big TrainJob: Kueue made a Workload" true "$([[ -n "$BIG_WL" ]] && echo true || echo false)"
await False cond "workload.kueue.x-k8s.io/$BIG_WL" QuotaReserved
check "too-big Workload QuotaReserved" False "$(cond "workload.kueue.x-k8s.io/$BIG_WL" QuotaReserved)"
check "too-big Workload reason" Pending "$(cond "workload.kueue.x-k8s.io/$BIG_WL" QuotaReserved reason)"
msg="$(cond "workload.kueue.x-k8s.io/$BIG_WL" QuotaReserved message)"
check "too-big Workload message names the quota" true "$([[ "$msg" == *"insufficient quota for cpu"* ]] && echo true || echo false)"
sleep 3 # give a wrong admission the time to show
check "too-big TrainJob still suspended" true "$(k get trainjob.trainer.kubeflow.org smoke-train-too-big -o jsonpath='{.spec.suspend}')"
check "too-big TrainJob has no pods" 0 "$(k get pods -l jobset.sigs.k8s.io/jobset-name=smoke-train-too-big -o name | wc -l)"

# ---------------------------------------------------------------- the record

echo
echo "Conditions written (type status reason: message):"
show() { # show <resource/name>
  echo "  $1 (namespace $NS)"
  k get "$1" -o jsonpath='{range .status.conditions[*]}{"    "}{.type}{" "}{.status}{" "}{.reason}{": "}{.message}{"\n"}{end}' 2>/dev/null || true
}
show "workload.kueue.x-k8s.io/$JOBSET_WL"
show jobset.jobset.x-k8s.io/smoke-jobset
show "workload.kueue.x-k8s.io/$JOB_WL"
show job/smoke-job
show "workload.kueue.x-k8s.io/$TRAIN_WL"
show jobset.jobset.x-k8s.io/smoke-train
show trainjob.trainer.kubeflow.org/smoke-train
show "workload.kueue.x-k8s.io/$FAIL_WL"
show jobset.jobset.x-k8s.io/smoke-train-fails
show trainjob.trainer.kubeflow.org/smoke-train-fails
show "workload.kueue.x-k8s.io/$BIG_WL"
show trainjob.trainer.kubeflow.org/smoke-train-too-big
show jobset.jobset.x-k8s.io/smoke-train-too-big
echo "  clusterqueue.kueue.x-k8s.io/$CQ"
"$KUBECTL" get clusterqueue.kueue.x-k8s.io "$CQ" \
  -o jsonpath='{range .status.conditions[*]}{"    "}{.type}{" "}{.status}{" "}{.reason}{": "}{.message}{"\n"}{end}'
echo
echo "$PASSED passed, $FAILED failed"
[[ "$FAILED" == 0 ]]
