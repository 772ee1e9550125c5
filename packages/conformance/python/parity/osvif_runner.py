#!/usr/bin/python3
"""Plugs and unplugs VIFs with the real os-vif 3.0.0, for the parity suites and the plug bench.

Run it INSIDE the network namespace under test, with the Debian interpreter:

    ip netns exec NS /usr/bin/python3 -u osvif_runner.py --config-file nova.conf [--log-level LEVEL]
        [--iptables-binary-name NAME]

The config file is a nova.conf-style INI read by oslo.config ([os_vif_ovs], [os_vif_linux_bridge],
[oslo_concurrency] lock_path, ...): the same text the TypeScript runtime reads with Config.fromText.
Privileged helpers run IN-PROCESS (privsep client mode off): we are root in the namespace already,
and a privsep daemon would escape neither the namespace nor add anything to the comparison.

Protocol: JSON Lines on stdin/stdout.
  startup  -> {"ready": true, "os_vif": "3.0.0", "plugins": [...], "pid": N}
              or {"ready": false, "error": {...}} and exit 3
  request  <- {"id": ANY, "op": "plug"|"unplug", "vif": <primitive>, "instance_info": <primitive>}
              {"id": ANY, "op": "host_info"} | {"id": ANY, "op": "ping"}
  response -> {"id": ANY, "ok": true, "duration_ms": F[, "result": ...]}
              {"id": ANY, "ok": false, "duration_ms": F, "error": {"type", "module", "message",
               "cause": {"type", "module", "message"} (the exception os-vif wrapped, if any)}}
Requests are served one at a time in arrival order (os-vif is synchronous). End of stdin ends it.
"""

import argparse
import json
import logging
import os
import sys
import time
import traceback

# Library chatter must never reach the protocol stream.
_OUT = sys.stdout
sys.stdout = sys.stderr


def _send(obj):
    _OUT.write(json.dumps(obj, separators=(',', ':'), default=str) + '\n')
    _OUT.flush()


def _describe(exc):
    if exc is None:
        return None
    out = {'type': type(exc).__name__, 'module': type(exc).__module__, 'message': str(exc)}
    # os-vif keeps the original exception in kwargs['err'] (PlugException / UnplugException).
    inner = getattr(exc, 'kwargs', {}).get('err') if isinstance(getattr(exc, 'kwargs', None), dict) else None
    if isinstance(inner, BaseException):
        out['cause'] = _describe(inner)
    elif inner is not None:
        out['cause'] = {'type': 'str', 'module': 'builtins', 'message': str(inner)}
    return out


def _load(args):
    from oslo_config import cfg
    # Registers [oslo_concurrency] lock_path before the parse.
    from oslo_concurrency import lockutils  # noqa: F401

    cfg.CONF(['--config-file', args.config_file], project='osvif-parity', default_config_files=[],
             default_config_dirs=[])

    import os_vif
    from vif_plug_ovs import privsep as ovs_privsep
    from vif_plug_linux_bridge import privsep as lb_privsep
    ovs_privsep.vif_plug.set_client_mode(False)
    lb_privsep.vif_plug.set_client_mode(False)
    if args.iptables_binary_name:
        # iptables chain prefix: os-vif derives it from the launching script's name (nova-compute
        # in production); make it the name the other side uses.
        from vif_plug_linux_bridge import iptables
        iptables.binary_name = args.iptables_binary_name[:16]

    os_vif.initialize()
    from os_vif.objects import base
    return os_vif, base.VersionedObject


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config-file', required=True)
    parser.add_argument('--log-level', default='WARNING')
    parser.add_argument('--iptables-binary-name', default='')
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, args.log_level.upper(), logging.WARNING),
                        format='%(levelname)s %(name)s: %(message)s')
    try:
        os_vif, VersionedObject = _load(args)
    except Exception as exc:  # a clean "not ready" line, never a traceback on stdout
        traceback.print_exc()
        _send({'ready': False, 'error': _describe(exc)})
        sys.exit(3)
    import importlib.metadata as md
    plugins = sorted(os_vif._EXT_MANAGER.names())
    _send({'ready': True, 'os_vif': md.version('os_vif'), 'plugins': plugins, 'pid': os.getpid()})

    def hydrate(req, key):
        if not isinstance(req.get(key), dict):
            raise ValueError('parameter %r must be an object primitive' % key)
        return VersionedObject.obj_from_primitive(req[key])

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        rid = None
        t0 = time.perf_counter()
        try:
            req = json.loads(line)
            if not isinstance(req, dict):
                raise ValueError('request must be a JSON object')
            rid = req.get('id')
            op = req.get('op')
            result = None
            if op in ('plug', 'unplug'):
                vif = hydrate(req, 'vif')
                info = hydrate(req, 'instance_info')
                t0 = time.perf_counter()
                (os_vif.plug if op == 'plug' else os_vif.unplug)(vif, info)
            elif op == 'host_info':
                result = os_vif.host_info().obj_to_primitive()
            elif op == 'ping':
                result = 'pong'
            else:
                raise ValueError('unknown op %r' % (op,))
            out = {'id': rid, 'ok': True, 'duration_ms': (time.perf_counter() - t0) * 1000}
            if result is not None:
                out['result'] = result
            _send(out)
        except Exception as exc:
            _send({'id': rid, 'ok': False, 'duration_ms': (time.perf_counter() - t0) * 1000,
                   'error': _describe(exc)})


if __name__ == '__main__':
    main()
