#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Smoke test of a running local cluster (hack/local-cluster.sh up): a Deployment becomes
# Available, a Job completes with the simulated termination message, a Job with a
# simulated exit code fails. Uses its own namespace and deletes it at the end.
# Usage: hack/smoke-local-cluster.sh   (prints "N passed, N failed", exits non-zero on failure)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
eval "$("$HACK_DIR/local-cluster.sh" env)"
NS="smoke-$$"
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

"$KUBECTL" create namespace "$NS" >/dev/null
trap '"$KUBECTL" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true' EXIT

k apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: registry.invalid/x:1}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: eval}
spec:
  backoffLimit: 0
  template:
    metadata:
      annotations:
        modelgate.io/simulated-termination-message: '{"auc":0.91}'
    spec:
      restartPolicy: Never
      containers: [{name: eval, image: registry.invalid/eval:1}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: train-fails}
spec:
  backoffLimit: 0
  template:
    metadata:
      annotations:
        modelgate.io/simulated-exit-code: "3"
    spec:
      restartPolicy: Never
      containers: [{name: train, image: registry.invalid/train:1}]
EOF

k wait --for=condition=Available deployment/web --timeout=60s >/dev/null || true
check "deployment Available" "True" "$(k get deployment web -o jsonpath='{.status.conditions[?(@.type=="Available")].status}')"
check "deployment ready replicas" "2" "$(k get deployment web -o jsonpath='{.status.readyReplicas}')"

k wait --for=condition=Complete job/eval --timeout=60s >/dev/null || true
check "eval job Complete" "True" "$(k get job eval -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}')"
check "eval pod Succeeded" "Succeeded" "$(k get pods -l job-name=eval -o jsonpath='{.items[0].status.phase}')"
check "eval termination message" '{"auc":0.91}' \
  "$(k get pods -l job-name=eval -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.message}')"
check "eval exit code" "0" "$(k get pods -l job-name=eval -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')"

k wait --for=condition=Failed job/train-fails --timeout=60s >/dev/null || true
check "failing job Failed" "True" "$(k get job train-fails -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')"
check "failing pod phase" "Failed" "$(k get pods -l job-name=train-fails -o jsonpath='{.items[0].status.phase}')"
check "failing exit code" "3" "$(k get pods -l job-name=train-fails -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')"
check "failing reason" "Error" "$(k get pods -l job-name=train-fails -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.reason}')"

echo "$PASSED passed, $FAILED failed"
[[ "$FAILED" == 0 ]]
