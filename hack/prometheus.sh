#!/usr/bin/env bash
# Installs Debian's `prometheus` package for the integration tests (io.modelgate.testing.LocalPrometheus),
# without letting the package start its own service: the tests run /usr/bin/prometheus themselves, on
# 127.0.0.1 only. Idempotent; prints the version. Needs root (or sudo) and Debian's package archive.
set -euo pipefail

if [[ -x /usr/bin/prometheus ]]; then
  /usr/bin/prometheus --version 2>&1 | sed -n 1p
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# policy-rc.d exiting 101 tells invoke-rc.d (which the package's postinst calls) not to start services.
# Container images usually have one; if this machine has none, lay one for the install only.
created_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { if [[ -n "$created_policy" ]]; then $sudo rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

$sudo apt-get update -qq
# No recommends: prometheus-node-exporter would be another service listening on all interfaces.
$sudo apt-get install -y -qq --no-install-recommends prometheus

# Where systemd does run, the package enabled prometheus.service (listening on *:9090): turn it off.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  $sudo systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi

/usr/bin/prometheus --version 2>&1 | sed -n 1p
