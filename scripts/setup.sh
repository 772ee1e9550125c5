#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian machine (root, Node 20, npm 11):
# Debian packages for the real peers, npm dependencies from the lock file, and
# the build. Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
{ [ -x /usr/sbin/ovs-vswitchd ] && [ -x /usr/sbin/ovsdb-server ] && [ -x /usr/bin/ovs-vsctl ]; } || need_apt+=(openvswitch-switch)
/usr/bin/python3 -c 'import os_vif' 2>/dev/null || need_apt+=(python3-os-vif)
command -v iptables-save >/dev/null || need_apt+=(iptables)
command -v ip >/dev/null || need_apt+=(iproute2)
command -v openssl >/dev/null || need_apt+=(openssl) # the mutual-TLS test makes its certificates
command -v man >/dev/null || need_apt+=(man-db) # the CLI test renders `osvif man`
# The AMQP transport's tests start a private broker and talk to the real oslo.messaging.
[ -x /usr/sbin/rabbitmq-server ] || need_apt+=(rabbitmq-server)
/usr/bin/python3 -c 'import oslo_messaging' 2>/dev/null || need_apt+=(python3-oslo.messaging)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package scripts from starting a system OVS or RabbitMQ (we never use one):
  # policy-rc.d exit 101 = "action forbidden", honoured by invoke-rc.d.
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  trap 'if [ -n "$made_policy" ]; then rm -f "$policy"; fi' EXIT
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
  if [ -x /etc/init.d/openvswitch-switch ]; then /etc/init.d/openvswitch-switch stop >/dev/null 2>&1 || true; fi
  if [ -x /etc/init.d/rabbitmq-server ]; then /etc/init.d/rabbitmq-server stop >/dev/null 2>&1 || true; fi
fi

stamp=node_modules/.osvif-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

echo "setup: build" >&2
npx tsc -b tsconfig.build.json
