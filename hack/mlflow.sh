#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs a real MLflow tracking server, with its model registry, for the tests (LocalMlflow runs
# `mlflow server` on 127.0.0.1 with a SQLite store): the PyPI package mlflow, at the version pinned
# in hack/lib/common.sh (MLFLOW_VERSION, with why that one), into a Python virtual environment
#
#   ${MODELGATE_CACHE:-$HOME/.cache/modelgate}/mlflow-<version>/venv/bin/mlflow
#
# Python is Debian's /usr/bin/python3 (packages python3 and python3-venv, which hack/install-deps.sh
# installs), else python3 on the PATH; MLFLOW_PYTHON names another. pip takes its index and
# certificates from its own configuration (pip config, PIP_* variables): none is named here.
#
# Idempotent: when the venv holds the pinned version (its python answers; see installed()), nothing is
# done (~0.1 s).
# A venv cannot be moved once made (its scripts name its python by absolute path), so the install goes
# into a new folder beside it, venv-<stamp>/, and is published only when complete, by atomically
# renaming a symbolic link onto venv: an interrupted install never looks complete, and the next run
# removes its leftovers. FORCE=1 installs again. hack/install-deps.sh runs it (step mlflow).
#
# Usage: hack/mlflow.sh              install (if needed); progress on stderr
#        hack/mlflow.sh path         print the mlflow binary's path (fails if not installed)
#        hack/mlflow.sh --print-env  MLFLOW_VERSION, MLFLOW_VENV, MLFLOW, MLFLOW_INSTALLED=yes|no
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# MLflow sends usage telemetry unless told not to: this machine reaches only package registries.
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true

log() { echo "[mlflow] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# installed [<venv>]: the venv's python runs and has the pinned mlflow distribution, and its mlflow
# command is there (~0.1 s; `mlflow --version` would take 3 s, importing much of mlflow). The install
# itself checks `mlflow --version` once before publishing.
installed() {
  local venv="${1:-$MLFLOW_VENV}" out
  [[ -x "$venv/bin/mlflow" && -x "$venv/bin/python" ]] || return 1
  out="$("$venv/bin/python" -I -c 'import importlib.metadata as m; print(m.version("mlflow"))' 2>/dev/null)" || return 1
  [[ "$out" == "$MLFLOW_VERSION" ]]
}

case "${1:-}" in
  --print-env)
    echo "MLFLOW_VERSION=$MLFLOW_VERSION"
    echo "MLFLOW_VENV=$MLFLOW_VENV"
    echo "MLFLOW=$MLFLOW"
    # yes: the binary is there and is the pinned version; no: run this script.
    if installed; then echo "MLFLOW_INSTALLED=yes"; else echo "MLFLOW_INSTALLED=no"; fi
    exit 0
    ;;
  path)
    installed || die "MLflow $MLFLOW_VERSION is not installed at $MLFLOW_VENV: run $0"
    echo "$MLFLOW"
    exit 0
    ;;
  "") ;;
  *) echo "usage: $0 [path | --print-env]" >&2; exit 2 ;;
esac

if [[ "${FORCE:-0}" != 1 ]] && installed; then
  log "mlflow $MLFLOW_VERSION: present ($MLFLOW)"
  exit 0
fi

if [[ -n "${MLFLOW_PYTHON:-}" ]]; then
  PYTHON="$MLFLOW_PYTHON"
elif [[ -x /usr/bin/python3 ]]; then
  PYTHON=/usr/bin/python3
else
  PYTHON="$(command -v python3)" || die "no python3: install Debian's python3 and python3-venv (hack/install-deps.sh packages)"
fi
# Debian splits venv's pip bootstrap (ensurepip) into python3-venv: without it `python3 -m venv` fails.
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
  die "$PYTHON cannot make a virtual environment (no ensurepip): install Debian's python3-venv (hack/install-deps.sh packages)"

mkdir -p "$MLFLOW_DIR"
# One install at a time per version (flock is in util-linux, part of every Debian system).
exec 9>"$MLFLOW_DIR/.lock"
flock 9
if [[ "${FORCE:-0}" != 1 ]] && installed; then
  log "mlflow $MLFLOW_VERSION: present ($MLFLOW), installed meanwhile by another run"
  exit 0
fi

t0=$SECONDS
stamp="venv-$(date -u +%Y%m%dT%H%M%SZ)-$$"
new="$MLFLOW_DIR/$stamp"
link="$MLFLOW_DIR/venv.link.$$"
trap 'rm -rf ${new:+"$new"} "$link"' EXIT

log "mlflow $MLFLOW_VERSION: new virtual environment $new ($("$PYTHON" --version 2>&1), $PYTHON)"
"$PYTHON" -m venv "$new"
log "mlflow $MLFLOW_VERSION: pip install mlflow==$MLFLOW_VERSION"
"$new/bin/python" -m pip install --quiet --progress-bar off "mlflow==$MLFLOW_VERSION" ||
  die "pip install mlflow==$MLFLOW_VERSION failed"
answer="$("$new/bin/mlflow" --version 2>&1)" || die "$new/bin/mlflow --version failed: $answer"
if [[ "$answer" != *" version $MLFLOW_VERSION" ]] || ! installed "$new"; then
  die "$new/bin/mlflow --version answers '$answer', not version $MLFLOW_VERSION"
fi

# Publish: a link renamed onto venv (rename(2) replaces a link atomically; a real folder there,
# from some other install, is removed first).
ln -s "$stamp" "$link"
if [[ -d "$MLFLOW_VENV" && ! -L "$MLFLOW_VENV" ]]; then
  rm -rf "$MLFLOW_VENV"
fi
mv -T "$link" "$MLFLOW_VENV"
new=""
# Leftovers: earlier installs and interrupted ones (this version's folder only).
for old in "$MLFLOW_DIR"/venv-* "$MLFLOW_DIR"/venv.link.*; do
  [[ -e "$old" || -L "$old" ]] || continue
  [[ "$old" == "$MLFLOW_DIR/$stamp" ]] || rm -rf "$old"
done
log "mlflow $MLFLOW_VERSION: installed in $((SECONDS - t0))s ($(du -sh "$MLFLOW_DIR/$stamp" | cut -f1)): $MLFLOW"
