# shellcheck shell=bash
# Processes that hack/local-cluster.sh, hack/platform.sh and hack/kserve.sh start and stop, the ports
# they listen on and the certificates of the webhooks they serve: each keeps its pid in
# $DIR/pids/<name>.pid and carries $DIR in its arguments. Sourcing scripts define DIR and log().

pid_of() { # prints the pid of a component when it is alive and ours
  local f="$DIR/pids/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  # Guard against a recycled pid: our processes all carry the state folder in their arguments.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DIR/" || return 1
  echo "$pid"
}

alive() { # a process that exists and is not a zombie
  [[ -r "/proc/$1/stat" ]] && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

stop_group() { # stop_group <name...>: SIGTERM them together, wait up to 15 s, then SIGKILL
  local name pid n i
  local -a pids=() names=()
  for name in "$@"; do
    if pid="$(pid_of "$name")"; then
      # A paused (SIGSTOP) process acts on SIGTERM only once it is continued.
      kill -CONT "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    fi
  done
  for n in "${!pids[@]}"; do
    pid="${pids[$n]}"
    for ((i = 0; i < 150; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      log "${names[$n]} ($pid) did not stop in 15 s, killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped ${names[$n]} ($pid)"
  done
  # They were started by an earlier shell, so PID 1 is their parent and reaps them;
  # give it a moment so that no <defunct> entry is left behind for pgrep to see.
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do
      [[ -e "/proc/$pid" ]] || break
      sleep 0.1
    done
  done
  for name in "$@"; do rm -f "$DIR/pids/$name.pid"; done
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on and that we did not hand out yet, below the kernel's
# ephemeral range: a port from inside it can be taken by any outgoing connection between this check and the
# component's bind (a kube-controller-manager once failed with "bind: address already in use" on such a port).
free_port() {
  local p lo=20000 span=30000 ephemeral
  ephemeral="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true)"
  if [[ "$ephemeral" =~ ^[0-9]+$ ]] && ((ephemeral > lo + 1000)); then span=$((ephemeral - lo)); fi
  for _ in $(seq 1 200); do
    p=$((lo + RANDOM % span))
    [[ " ${USED_PORTS:-} " == *" $p "* ]] && continue
    if ! ss -Htan "( sport = :$p )" 2>/dev/null | grep -q .; then
      USED_PORTS="${USED_PORTS:-} $p"
      echo "$p"
      return
    fi
  done
  die "no free port found"
}

# local_serving_cert <dir> <common name>: tls.crt and tls.key in <dir>, a serving certificate for
# IP 127.0.0.1 signed by the local cluster's CA ($CLUSTER_DIR/pki), for webhooks served on loopback.
local_serving_cert() {
  local out="$1" cn="$2"
  mkdir -p "$out"
  (
    cd "$out"
    umask 077
    openssl req -new -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj "/CN=$cn" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' >tls.ext
    openssl x509 -req -in tls.csr -CA "$CLUSTER_DIR/pki/ca.crt" -CAkey "$CLUSTER_DIR/pki/ca.key" -CAcreateserial \
      -CAserial "$out/ca.srl" -out tls.crt -days 365 -extfile tls.ext 2>/dev/null
    rm -f tls.csr tls.ext ca.srl
  )
}

# still_running <name>: the component's process has not ended (a zombie has). Unlike pid_of it does not ask for the
# state folder in the arguments: right after start_proc the child may not have exec'd yet and still shows the calling
# shell's arguments, which made a wait right after a start under load report a manager as exited before it ran.
still_running() {
  local f="$DIR/pids/$1.pid" pid state
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}
