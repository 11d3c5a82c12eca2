#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A real local Kubernetes control plane with simulated nodes, without Docker:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler (built from source by
# hack/build-controlplane.sh) and the kwok controller with a few fake nodes, every
# process on 127.0.0.1 with free ports, state (certificates, data, logs, pid files)
# under one folder.
#
# Usage: hack/local-cluster.sh up [--with trainer,jobset,kueue,kserve] [--fast-controllers]|down|env|status|restart-apiserver|pause|resume
#   up      start the cluster (building the binaries first if they are missing), wait
#           until the apiserver is ready, install the Gateway API standard CRDs
#           (hack/gateway-api-crds.sh, server-side apply) and wait until they are
#           Established, wait until the nodes are Ready and the default ServiceAccount
#           exists, then print how to use it. No-op when already running.
#           --with LIST also starts the real platform controllers (hack/platform.sh up,
#           building them first if missing). LIST names any of trainer, jobset, kueue (or
#           `platform`): the three always start together, because the Trainer creates its
#           JobSets through the JobSet controller and Kueue's integrations watch both kinds.
#           `kserve` starts the KServe controller (hack/kserve.sh up), alone or beside them.
#           --fast-controllers: kube-controller-manager and kube-scheduler get --kube-api-qps=500
#           (burst 1000) instead of their defaults (20/30 and 50/100), and the controller manager
#           10x its default concurrent Job, Deployment and ReplicaSet syncs, so that a burst of
#           hundreds of Jobs and Deployments is not throttled by the cluster (hack/bench-scale uses it).
#           Same as MODELGATE_CLUSTER_CLIENT_QPS=500.
#   down    stop every process started by `up` (pid files) and remove the state folder
#           (after hack/platform.sh down and hack/kserve.sh down where those run on this cluster).
#   env     print `export KUBECONFIG=...` (use: eval "$(hack/local-cluster.sh env)").
#   status  show the processes, the apiserver's readiness and the nodes.
#   restart-apiserver [--crash]
#           stop the kube-apiserver (SIGTERM; its graceful shutdown takes up to 15 s, or
#           with --crash SIGKILL, as an OOM kill would) and start it again with the same
#           port, certificates and etcd (every object stays), then wait until it is ready:
#           a control-plane fault for tests.
#   pause <component> / resume <component>
#           SIGSTOP / SIGCONT one component (etcd, kube-apiserver, kube-controller-manager,
#           kube-scheduler, kwok): it keeps its sockets but answers nothing until resumed.
#           `down` resumes a paused component before it stops it.
#
# Audit: the API server writes an audit log, $DIR/logs/audit.log (JSON lines, level Metadata),
# of the write requests (create, update, patch, delete, deletecollection) of the users in the
# group MODELGATE_AUDIT_GROUP (default system:serviceaccounts:modelgate-system: the operator's
# ServiceAccount as the chart installs it; a comma-separated list names several groups), so that
# tests can tell who wrote what, and when (the credential id of a ServiceAccount token tells two
# replicas of one ServiceAccount apart). It is always on: the policy is in $DIR/audit-policy.yaml.
#
# Environment:
#   MODELGATE_CLUSTER_DIR  state folder (default ${TMPDIR:-/tmp}/modelgate-cluster)
#   MODELGATE_CACHE        binary cache (default ~/.cache/modelgate)
#   MODELGATE_NODES        number of fake nodes (default 3)
#   MODELGATE_POD_CIDR     fake pod IPs (default 127.64.0.0/16, see below)
#   MODELGATE_UP_TIMEOUT   seconds to wait for readiness (default 180)
#   MODELGATE_AUDIT_GROUP  the user group(s) whose writes are audited (see Audit above)
#   MODELGATE_CLUSTER_CLIENT_QPS  --kube-api-qps of kube-controller-manager and kube-scheduler
#                          (burst twice that; also 10x the controller manager's concurrent
#                          Job/Deployment/ReplicaSet syncs); default: their own defaults
#
# Certificates are made with openssl (one local CA). kwokctl's binary runtime was not
# used: it would need kwokctl built as well, lays its own folder layout and defaults
# (ports, 0.0.0.0 binds, downloads of missing pieces) that we would have to pin one
# by one, while the flags below are few, explicit and bound to 127.0.0.1.
#
# Network: everything listens on 127.0.0.1 only. Nodes advertise 127.0.0.1 and the
# kwok port as their kubelet endpoint, so `kubectl logs/exec` reach kwok on loopback.
# Pod IPs are drawn from a loopback range by default, so that nothing (a Prometheus
# with Kubernetes service discovery, a probe, a client using pod IPs) ever sends traffic
# to an address outside this machine. Consequence: Kubernetes rejects loopback addresses
# in EndpointSlices, so Services get no endpoints (the endpointslice controller logs an
# error), so with a loopback range the endpoints/endpointslice controllers are turned
# off. Set MODELGATE_POD_CIDR to a non-loopback range (this machine routes it out of
# the machine!) only if you need endpoints and nothing will ever connect to them.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

DIR="${MODELGATE_CLUSTER_DIR:-${TMPDIR:-/tmp}/modelgate-cluster}"
NODES="${MODELGATE_NODES:-3}"
POD_CIDR="${MODELGATE_POD_CIDR:-127.64.0.0/16}"
UP_TIMEOUT="${MODELGATE_UP_TIMEOUT:-180}"
AUDIT_GROUP="${MODELGATE_AUDIT_GROUP:-system:serviceaccounts:modelgate-system}"
CLIENT_QPS="${MODELGATE_CLUSTER_CLIENT_QPS:-}"
MARKER="$DIR/.modelgate-cluster"
STAGES="$HACK_DIR/kwok/stages.yaml"
# Start order; `down` stops in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { echo "[local-cluster] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- processes


start_proc() { # start_proc <name> <binary> <args...>
  local name="$1"; shift
  mkdir -p "$DIR/logs" "$DIR/pids"
  # setsid: own session, so a Ctrl-C on the caller does not take the cluster down
  # half-way; `down` stops it by pid.
  # Appended: a restarted component (restart-apiserver) keeps its earlier log.
  setsid "$@" >>"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}



stop_all() {
  # Everything that talks to the apiserver, and the apiserver, together; etcd last.
  stop_group kwok kube-scheduler kube-controller-manager kube-apiserver
  stop_group etcd
}

# ---------------------------------------------------------------- ports


# ---------------------------------------------------------------- certificates

gen_certs() {
  command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"
  local pki="$DIR/pki"
  mkdir -p "$pki"
  (
    cd "$pki"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 \
      -subj "/CN=modelgate-local-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    # Service-account token signing key pair.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

    # cert <name> <subject> <extendedKeyUsage> [subjectAltName]
    cert() {
      local name="$1" subj="$2" eku="$3" san="${4:-}"
      openssl req -new -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
      {
        echo "basicConstraints=CA:FALSE"
        echo "keyUsage=critical,digitalSignature,keyEncipherment"
        echo "extendedKeyUsage=$eku"
        [[ -n "$san" ]] && echo "subjectAltName=$san"
      } >"$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
        -out "$name.crt" -days 365 -extfile "$name.ext" 2>/dev/null
      rm -f "$name.csr" "$name.ext"
    }
    cert apiserver "/CN=kube-apiserver" serverAuth \
      "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
    cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
    cert admin "/O=system:masters/CN=modelgate-admin" clientAuth
    cert kube-controller-manager "/CN=system:kube-controller-manager" clientAuth
    cert kube-scheduler "/CN=system:kube-scheduler" clientAuth
    cert kwok "/O=system:masters/CN=kwok-controller" clientAuth
    cert kwok-serving "/CN=kwok-node" serverAuth "DNS:localhost,IP:127.0.0.1"
    rm -f ca.srl
    # Front-proxy (aggregation layer / requestheader authentication): its own CA, as kubeadm does.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout front-proxy-ca.key -out front-proxy-ca.crt -days 365 \
      -subj "/CN=modelgate-local-front-proxy-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -keyout front-proxy-client.key -out front-proxy-client.csr \
      -subj "/CN=front-proxy-client" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >front-proxy-client.ext
    openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key -CAcreateserial \
      -out front-proxy-client.crt -days 365 -extfile front-proxy-client.ext 2>/dev/null
    rm -f front-proxy-client.csr front-proxy-client.ext front-proxy-ca.srl
  )
}

write_kubeconfig() { # write_kubeconfig <file> <cert name> <user>
  local file="$1" name="$2" user="$3" pki="$DIR/pki"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: modelgate-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$pki/$name.crt")
    client-key-data: $(base64 -w0 <"$pki/$name.key")
contexts:
- name: modelgate-local
  context:
    cluster: modelgate-local
    user: $user
    namespace: default
current-context: modelgate-local
EOF
  chmod 600 "$file"
}

# ---------------------------------------------------------------- waiting

wait_until() { # wait_until <what> <component to watch> <command...>
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
  stop_all
  log "processes stopped; logs kept in $DIR/logs (hack/local-cluster.sh down removes them)"
  exit 1
}

https_ok() { # https_ok <port> <path>: 200 from a loopback endpoint
  curl -fsS --max-time 3 --cacert "$DIR/pki/ca.crt" \
    --cert "$DIR/pki/admin.crt" --key "$DIR/pki/admin.key" \
    "https://127.0.0.1:$1$2"
}
https_insecure_ok() { # component endpoints with self-signed serving certificates
  curl -fsSk --max-time 3 "https://127.0.0.1:$1$2"
}

kc() { "$KUBECTL" --kubeconfig "$DIR/kubeconfig" "$@"; }

# ---------------------------------------------------------------- commands

start_apiserver() { # the ports (ports.env) and certificates of `up`; etcd running
  local pki="$DIR/pki"
  start_proc kube-apiserver "$KUBE_APISERVER" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --secure-port="$APISERVER_PORT" \
    --cert-dir="$DIR/certs" \
    --tls-cert-file="$pki/apiserver.crt" \
    --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none \
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" \
    --proxy-client-key-file="$pki/front-proxy-client.key" \
    --allow-privileged=true \
    --audit-policy-file="$DIR/audit-policy.yaml" \
    --audit-log-path="$DIR/logs/audit.log" \
    --audit-log-format=json \
    --profiling=false
}

audit_groups() { # "a", "b" from MODELGATE_AUDIT_GROUP=a,b
  local g out=""
  for g in ${AUDIT_GROUP//,/ }; do out+="${out:+, }\"$g\""; done
  echo "$out"
}

client_flags() { # client_flags kcm|scheduler: the --kube-api-qps/--kube-api-burst (and sync) flags of MODELGATE_CLUSTER_CLIENT_QPS
  [[ -n "$CLIENT_QPS" ]] || return 0
  [[ "$CLIENT_QPS" =~ ^[0-9]+$ ]] || die "MODELGATE_CLUSTER_CLIENT_QPS must be a whole number (got '$CLIENT_QPS')"
  echo "--kube-api-qps=$CLIENT_QPS --kube-api-burst=$((2 * CLIENT_QPS))"
  if [[ "$1" == kcm ]]; then
    echo "--concurrent-job-syncs=50 --concurrent-deployment-syncs=50 --concurrent-replicaset-syncs=50"
  fi
}

write_audit_policy() {
  cat >"$DIR/audit-policy.yaml" <<EOF
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    userGroups: [$(audit_groups)]
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
EOF
}


cmd_up() {
  UP_START=$SECONDS
  if [[ -f "$MARKER" ]]; then
    if pid_of kube-apiserver >/dev/null && pid_of kwok >/dev/null && pid_of etcd >/dev/null; then
      log "already running in $DIR"
      cmd_env
      return
    fi
    log "stale state in $DIR: cleaning it"
    cmd_down
  elif [[ -e "$DIR" && -n "$(ls -A "$DIR" 2>/dev/null)" ]]; then
    die "$DIR exists and is not a Modelgate cluster folder: choose MODELGATE_CLUSTER_DIR"
  fi

  local b
  for b in "$ETCD" "$KUBE_APISERVER" "$KUBE_CONTROLLER_MANAGER" "$KUBE_SCHEDULER" "$KWOK" "$KUBECTL"; do
    if [[ ! -x "$b" ]]; then
      log "missing $b: running hack/build-controlplane.sh"
      "$HACK_DIR/build-controlplane.sh" >&2
      break
    fi
  done
  # The Gateway API CRDs: from the cache, or fetched now (before any process starts).
  local gateway_api_crds
  gateway_api_crds="$("$HACK_DIR/gateway-api-crds.sh")" || die "hack/gateway-api-crds.sh failed"
  command -v curl >/dev/null || die "curl is needed"
  command -v ss >/dev/null || die "ss (iproute2) is needed"

  mkdir -p "$DIR"
  touch "$MARKER"
  mkdir -p "$DIR/etcd" "$DIR/logs" "$DIR/pids" "$DIR/certs"
  chmod 700 "$DIR/etcd"

  ETCD_PORT="$(free_port)"
  ETCD_PEER_PORT="$(free_port)"
  APISERVER_PORT="$(free_port)"
  KCM_PORT="$(free_port)"
  SCHEDULER_PORT="$(free_port)"
  KWOK_PORT="$(free_port)"
  cat >"$DIR/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
APISERVER_PORT=$APISERVER_PORT
KCM_PORT=$KCM_PORT
SCHEDULER_PORT=$SCHEDULER_PORT
KWOK_PORT=$KWOK_PORT
EOF

  gen_certs
  write_kubeconfig "$DIR/kubeconfig" admin modelgate-admin
  write_kubeconfig "$DIR/kube-controller-manager.kubeconfig" kube-controller-manager system:kube-controller-manager
  write_kubeconfig "$DIR/kube-scheduler.kubeconfig" kube-scheduler system:kube-scheduler
  write_kubeconfig "$DIR/kwok.kubeconfig" kwok kwok-controller
  log "certificates and kubeconfigs in $DIR ($((SECONDS - UP_START))s)"

  local pki="$DIR/pki"

  # etcd: plain HTTP, loopback only, single member. --unsafe-no-fsync: the data is
  # thrown away at `down`, and fsync dominates apiserver latency on small disks.
  start_proc etcd "$ETCD" \
    --name=modelgate \
    --data-dir="$DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="modelgate=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state=new \
    --unsafe-no-fsync \
    --log-level=warn
  wait_until "etcd healthy" etcd curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

  write_audit_policy
  start_apiserver
  wait_until "kube-apiserver ready" kube-apiserver https_ok "$APISERVER_PORT" /readyz

  # Controllers that need a cloud are off. With loopback pod IPs, Endpoints and
  # EndpointSlices cannot be written (the API rejects loopback addresses), so those
  # controllers are off too rather than emitting a Warning event per Service forever.
  local KCM_CONTROLLERS='*,-service-lb-controller,-node-route-controller,-cloud-node-lifecycle-controller'
  if [[ "$POD_CIDR" == 127.* ]]; then
    KCM_CONTROLLERS+=',-endpoints-controller,-endpointslice-controller,-endpointslice-mirroring-controller'
  fi
  local kcm_client scheduler_client
  read -r -a kcm_client <<<"$(client_flags kcm | tr '\n' ' ')"
  read -r -a scheduler_client <<<"$(client_flags scheduler | tr '\n' ' ')"
  [[ -z "$CLIENT_QPS" ]] || log "controller manager and scheduler: ${kcm_client[*]}"
  start_proc kube-controller-manager "$KUBE_CONTROLLER_MANAGER" \
    --kubeconfig="$DIR/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="$DIR/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="$DIR/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$KCM_PORT" \
    --cert-dir="$DIR/certs/kube-controller-manager" \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" \
    --cluster-signing-key-file="$pki/ca.key" \
    --use-service-account-credentials=true \
    --controllers="$KCM_CONTROLLERS" \
    --cluster-name=modelgate-local \
    --leader-elect=false \
    --profiling=false \
    "${kcm_client[@]}"

  start_proc kube-scheduler "$KUBE_SCHEDULER" \
    --kubeconfig="$DIR/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="$DIR/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="$DIR/kube-scheduler.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$SCHEDULER_PORT" \
    --cert-dir="$DIR/certs/kube-scheduler" \
    --leader-elect=false \
    --profiling=false \
    "${scheduler_client[@]}"

  start_proc kwok "$KWOK" \
    --kubeconfig="$DIR/kwok.kubeconfig" \
    --config="$STAGES" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 \
    --node-port="$KWOK_PORT" \
    --server-address="127.0.0.1:$KWOK_PORT" \
    --tls-cert-file="$pki/kwok-serving.crt" \
    --tls-private-key-file="$pki/kwok-serving.key" \
    --cidr="$POD_CIDR" \
    --node-lease-duration-seconds=40

  # The apiserver serves CRDs by itself: install them while the other components start.
  # Server-side apply: the HTTPRoute CRD is far larger than the 256 KiB that client-side
  # apply's last-applied annotation may hold.
  kc apply --server-side --force-conflicts --field-manager=modelgate-local-cluster -f "$gateway_api_crds" >/dev/null \
    || fail "could not apply the Gateway API CRDs from $gateway_api_crds"
  kc wait --for=condition=Established --timeout="${UP_TIMEOUT}s" -f "$gateway_api_crds" >/dev/null \
    || fail "the Gateway API CRDs from $gateway_api_crds did not become Established"
  log "Gateway API $GATEWAY_API_VERSION CRDs Established ($((SECONDS - UP_START))s)"

  wait_until "kube-controller-manager healthy" kube-controller-manager https_insecure_ok "$KCM_PORT" /healthz
  wait_until "kube-scheduler healthy" kube-scheduler https_insecure_ok "$SCHEDULER_PORT" /healthz
  wait_until "kwok healthy" kwok curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

  local i nodes=""
  for ((i = 0; i < NODES; i++)); do
    nodes+="
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: \"0\"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: kwok-node-$i
    node-role.kubernetes.io/agent: \"\"
status:
  allocatable: {cpu: \"32\", memory: 128Gi, pods: \"110\"}
  capacity: {cpu: \"32\", memory: 128Gi, pods: \"110\"}
"
  done
  echo "$nodes" | kc apply -f - >/dev/null || fail "could not create the nodes"
  wait_until "$NODES nodes Ready" kwok nodes_ready
  wait_until "default ServiceAccount present" kube-controller-manager kc -n default get serviceaccount default

  log "cluster up in $((SECONDS - UP_START))s: $DIR"
  cmd_env
}

nodes_ready() {
  local n
  n="$(kc get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')" || return 1
  [[ "$n" -ge "$NODES" ]]
}

cmd_down() {
  if [[ ! -e "$DIR" ]]; then
    log "nothing to stop ($DIR does not exist)"
    return
  fi
  [[ -f "$MARKER" ]] || die "$DIR is not a Modelgate cluster folder (no $MARKER): not touching it"
  # Platform controllers started by hack/platform.sh keep their state in $DIR/platform: stop them first.
  if [[ -f "$DIR/platform/.modelgate-platform" ]]; then
    MODELGATE_CLUSTER_DIR="$DIR" "$HACK_DIR/platform.sh" down || log "hack/platform.sh down failed; stopping the cluster anyway"
  fi
  if [[ -f "$DIR/kserve/.modelgate-kserve" ]]; then
    MODELGATE_CLUSTER_DIR="$DIR" "$HACK_DIR/kserve.sh" down || log "hack/kserve.sh down failed; stopping the cluster anyway"
  fi
  stop_all
  rm -rf "$DIR"
  log "removed $DIR"
}

cmd_env() {
  [[ -f "$DIR/kubeconfig" ]] || die "no cluster in $DIR (run: hack/local-cluster.sh up)"
  echo "export KUBECONFIG=$DIR/kubeconfig"
}

cmd_status() {
  if [[ ! -f "$MARKER" ]]; then
    echo "not running ($DIR)"
    return 1
  fi
  # shellcheck disable=SC1091
  source "$DIR/ports.env"
  local c pid rc=0
  for c in "${COMPONENTS[@]}"; do
    if pid="$(pid_of "$c")"; then
      printf '%-24s running  pid %s\n' "$c" "$pid"
    else
      printf '%-24s STOPPED\n' "$c"
      rc=1
    fi
  done
  echo "apiserver: https://127.0.0.1:$APISERVER_PORT  readyz: $(https_ok "$APISERVER_PORT" /readyz 2>&1 || true)"
  echo "kubeconfig: $DIR/kubeconfig"
  kc get nodes -o wide 2>&1 || rc=1
  return $rc
}

require_running() {
  [[ -f "$MARKER" ]] || die "no cluster in $DIR (run: hack/local-cluster.sh up)"
  # shellcheck disable=SC1091
  source "$DIR/ports.env"
}

cmd_restart_apiserver() {
  require_running
  pid_of etcd >/dev/null || die "etcd is not running"
  UP_START=$SECONDS
  local pid i
  if [[ "${1:-}" == --crash ]] && pid="$(pid_of kube-apiserver)"; then
    kill -KILL "$pid"
    # pid_of no longer knows an exiting process (its cmdline is empty): wait for the exit here.
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    log "killed kube-apiserver ($pid)"
  fi
  stop_group kube-apiserver
  for ((i = 0; i < 100; i++)); do
    ss -Htln "( sport = :$APISERVER_PORT )" 2>/dev/null | grep -q . || break
    sleep 0.1
  done
  start_apiserver
  wait_until "kube-apiserver ready again" kube-apiserver https_ok "$APISERVER_PORT" /readyz
}

cmd_signal() { # cmd_signal STOP|CONT <component>
  local signal="$1" name="${2:-}" pid
  require_running
  [[ " ${COMPONENTS[*]} " == *" $name "* ]] || die "unknown component '$name' (one of: ${COMPONENTS[*]})"
  pid="$(pid_of "$name")" || die "$name is not running"
  kill "-$signal" "$pid"
  log "sent SIG$signal to $name ($pid)"
}

with_part() { # with_part <list> training|kserve: validates the --with list; true when it names that part
  local part found=1
  [[ -n "$1" ]] || return 1
  for part in ${1//,/ }; do
    [[ " trainer jobset kueue platform kserve " == *" $part "* ]] || die "--with: unknown part '$part' (trainer, jobset, kueue, platform, kserve)"
    case "$2:$part" in
      training:trainer | training:jobset | training:kueue | training:platform | kserve:kserve) found=0 ;;
    esac
  done
  return $found
}

cmd_up_with() { # up [--with LIST]
  local with=""
  while (($#)); do
    case "$1" in
      --with) with="${2:-}"; [[ -n "$with" ]] || die "--with needs a list (trainer,jobset,kueue,kserve)"; shift 2 ;;
      --with=*) with="${1#--with=}"; shift ;;
      --fast-controllers) CLIENT_QPS="${MODELGATE_CLUSTER_CLIENT_QPS:-500}"; shift ;;
      *) die "up: unknown argument '$1' (usage: up [--with trainer,jobset,kueue,kserve] [--fast-controllers])" ;;
    esac
  done
  cmd_up
  if with_part "$with" training; then
    # Its ports and paths go to stderr: stdout stays the one `export KUBECONFIG=...` line.
    MODELGATE_CLUSTER_DIR="$DIR" "$HACK_DIR/platform.sh" up >&2 || die "hack/platform.sh up failed (its log above)"
  fi
  if with_part "$with" kserve; then
    MODELGATE_CLUSTER_DIR="$DIR" "$HACK_DIR/kserve.sh" up >&2 || die "hack/kserve.sh up failed (its log above)"
  fi
}

case "${1:-}" in
  up) shift; cmd_up_with "$@" ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  restart-apiserver) cmd_restart_apiserver "${2:-}" ;;
  pause) cmd_signal STOP "${2:-}" ;;
  resume) cmd_signal CONT "${2:-}" ;;
  *)
    echo "usage: $0 up [--with trainer,jobset,kueue,kserve] [--fast-controllers]|down|env|status|restart-apiserver [--crash]|pause <component>|resume <component>" >&2
    exit 2
    ;;
esac
