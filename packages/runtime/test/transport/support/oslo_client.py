"""A service host written with Python oslo.messaging and the real os-vif objects, for the AMQP
transport's tests: calls negotiate_host_info on a topic with a HostInfo built from os-vif's classes and
reads the VIF of the reply back with os-vif. Also makes the calls a Python client could get wrong
(an unknown method, an RPC API major we do not serve) to show the failures oslo.messaging raises.

stdout: one JSON object: {"negotiate": {...}, "no_such_method": {...}, "bad_version": {...}}.
"""
import argparse
import json
import os
import time

from oslo_config import cfg
import oslo_messaging as messaging

from os_vif import objects
objects.register_all()
from os_vif.objects import host_info as hi  # noqa: E402
from os_vif.objects import vif as vifm  # noqa: E402


TIMES = []


def host_info():
    return hi.HostInfo(plugin_info=[hi.HostPluginInfo(plugin_name='ovs', vif_info=[
        hi.HostVIFInfo(vif_object_name='VIFOpenVSwitch', min_version='1.0', max_version='1.0',
                       supported_port_profiles=[hi.HostPortProfileInfo(
                           profile_object_name='VIFPortProfileOpenVSwitch', min_version='1.0',
                           max_version='1.3')]),
    ])])


def outcome(fn):
    started = time.monotonic()
    try:
        return {'result': fn()}
    except messaging.MessagingTimeout as e:
        return {'raised': 'MessagingTimeout', 'message': str(e)}
    except messaging.RemoteError as e:
        return {'raised': 'RemoteError', 'exc_type': e.exc_type, 'value': e.value}
    except Exception as e:  # noqa: BLE001 - reported to the test, which fails on it
        return {'raised': type(e).__name__, 'message': str(e)}
    finally:
        TIMES.append(round(time.monotonic() - started, 3))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--topic', required=True)
    p.add_argument('--timeout', type=int, default=10)
    p.add_argument('--monitored', action='store_true',
                   help='only one call, with call_monitor_timeout=2 (the server must send heartbeats)')
    a = p.parse_args()

    conf = cfg.CONF  # oslo.messaging registers some options (metrics) on the global CONF only
    conf([], project='osvif-test', default_config_files=[], default_config_dirs=[])
    transport = messaging.get_rpc_transport(conf, url=a.url)
    client = messaging.get_rpc_client(transport, messaging.Target(topic=a.topic, version='1.0'), timeout=a.timeout)
    binding = {'port_id': '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f', 'host': 'python-compute'}
    sent = host_info().obj_to_primitive()
    out = {'sent': sent}
    if a.monitored:
        started = time.monotonic()
        out['monitored'] = outcome(lambda: client.prepare(call_monitor_timeout=2).call(
            {}, 'negotiate_host_info', host_info=sent, binding=binding))
        out['monitored']['seconds'] = round(time.monotonic() - started, 3)
        print(json.dumps(out, default=str), flush=True)
        os._exit(0)

    res = outcome(lambda: client.call({'request_id': 'req-1'}, 'negotiate_host_info', host_info=sent, binding=binding))
    if 'result' in res and 'vif' in (res['result'] or {}):
        vif = vifm.VIFBase.obj_from_primitive(res['result']['vif'])
        res['read_back'] = {'class': type(vif).__name__, 'version': vif.VERSION, 'plugin': vif.plugin,
                            'id': vif.id, 'profile_class': type(vif.port_profile).__name__,
                            'profile_version': vif.port_profile.VERSION,
                            'is_VIFOpenVSwitch': isinstance(vif, vifm.VIFOpenVSwitch)}
    out['negotiate'] = res
    out['no_such_method'] = outcome(lambda: client.call({}, 'frobnicate', x=1))
    out['bad_version'] = outcome(
        lambda: client.prepare(version='2.0').call({}, 'negotiate_host_info', host_info=sent, binding=binding))
    cleanup_started = time.monotonic()
    transport.cleanup()
    out['seconds'] = {'calls': TIMES, 'cleanup': round(time.monotonic() - cleanup_started, 3)}
    print(json.dumps(out, default=str), flush=True)
    # oslo.messaging's connection heartbeat threads keep the interpreter alive for ~10 s after cleanup().
    os._exit(0)


if __name__ == '__main__':
    main()
