# shellcheck shell=bash
# Processes that hack/local-cluster.sh and hack/platform.sh start and stop: each keeps its pid in
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
