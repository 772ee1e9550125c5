"""A network host written with Python oslo.messaging and the real os-vif objects (Debian's packages), for
the AMQP transport's tests. It serves negotiate_host_info(host_info, binding) on a topic and answers the
way our wire contract says: {"vif": <VIF primitive>} for a HostInfo it reads.

Modes:
  current       the installed os-vif registry (HostVIFInfo 1.1).
  old-failure   HostVIFInfo pinned to 1.0, as an os-vif before 3.0.0 knows it; the version error is
                raised, so oslo.messaging sends it as an RPC failure (os-vif's own semantics, no manifest).
  old-manifest  the same registry, but the version error is answered as an error reply carrying the
                manifest of every os_vif class this registry knows (the osvif extension).
--delay-ms N makes every answer take N ms (the restart test: calls are in flight when the broker goes).

stdout: one JSON line per event: {"event": "ready"}, then per call {"event": "call", "ctxt", "host_info",
"binding" (what oslo.messaging handed the endpoint), and "reply" or "raised"}. Runs until SIGTERM or stdin closes.
"""
import argparse
import json
import signal
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exc

from os_vif import objects
objects.register_all()
from os_vif.objects import host_info as hi  # noqa: E402
from os_vif.objects import network as net  # noqa: E402
from os_vif.objects import vif as vifm  # noqa: E402

PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f'
OUT_LOCK = threading.Lock()


def emit(event):
    with OUT_LOCK:
        sys.stdout.write(json.dumps(event) + '\n')
        sys.stdout.flush()


def vtuple(v):
    return tuple(int(x) for x in v.split('.'))


def manifest():
    out = {}
    for name, classes in ovo_base.VersionedObjectRegistry.obj_classes().items():
        if classes[0].OBJ_PROJECT_NAMESPACE == 'os_vif':
            out[name] = max((c.VERSION for c in classes), key=vtuple)
    return out


def ovs_vif(plugin_name):
    return vifm.VIFOpenVSwitch(
        id=PORT_ID, address='fa:16:3e:11:22:33', vif_name='tap3e1a7f0c-5b', bridge_name='br-int',
        plugin=plugin_name, has_traffic_filtering=False, preserve_on_delete=False, active=False,
        network=net.Network(id='437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge='br-int', mtu=1450),
        port_profile=vifm.VIFPortProfileOpenVSwitch(interface_id=PORT_ID, profile_id='prof',
                                                    datapath_type='netdev', create_port=True))


def bind(info):
    """The first plugin that consumes VIFOpenVSwitch, written at the highest version in its range
    that this registry knows; the port profile likewise (os-vif's obj_to_primitive manifest)."""
    for plugin in info.plugin_info:
        for vi in plugin.vif_info:
            if vi.vif_object_name != 'VIFOpenVSwitch':
                continue
            target = min(vi.max_version, vifm.VIFOpenVSwitch.VERSION, key=vtuple)
            pins = {}
            if vi.obj_attr_is_set('supported_port_profiles'):
                for pp in vi.supported_port_profiles:
                    if pp.profile_object_name == 'VIFPortProfileOpenVSwitch':
                        pins['VIFPortProfileOpenVSwitch'] = min(pp.max_version,
                                                                vifm.VIFPortProfileOpenVSwitch.VERSION, key=vtuple)
            vif = ovs_vif(plugin.plugin_name)
            return {'vif': vif.obj_to_primitive(target_version=target, version_manifest=pins or None)}
    return {'error': {'type': 'NoPluginForVif', 'message': 'no plugin consumes VIFOpenVSwitch',
                      'candidates': [], 'consumable': []}}


class NegotiationEndpoint(object):
    target = messaging.Target(version='1.0')

    def __init__(self, mode, delay):
        self.mode = mode
        self.delay = delay

    def negotiate_host_info(self, ctxt, host_info, binding):
        record = {'event': 'call', 'ctxt': ctxt, 'host_info': host_info, 'binding': binding}
        if self.delay:
            time.sleep(self.delay)  # a slow network host: calls are in flight when the broker goes
        try:
            info = hi.HostInfo.obj_from_primitive(host_info)
        except ovo_exc.IncompatibleObjectVersion as e:
            if self.mode == 'old-failure':
                record['raised'] = {'class': type(e).__name__, 'kwargs': {k: v for k, v in e.kwargs.items()}}
                emit(record)
                raise
            reply = {'error': {'type': 'IncompatibleObjectVersion', 'message': str(e),
                               'object': e.kwargs['objname'], 'version': e.kwargs['objver'],
                               'supported_version': e.kwargs['supported'], 'manifest': manifest()}}
            record['reply'] = reply
            emit(record)
            return reply
        reply = bind(info)
        record['reply'] = reply
        emit(record)
        return reply


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--topic', required=True)
    p.add_argument('--server', default='python-network-host')
    p.add_argument('--mode', choices=['current', 'old-failure', 'old-manifest'], default='current')
    p.add_argument('--delay-ms', type=int, default=0)
    a = p.parse_args()
    if a.mode != 'current':
        hi.HostVIFInfo.VERSION = '1.0'  # the registry of an os-vif that predates HostVIFInfo 1.1

    conf = cfg.CONF  # oslo.messaging registers some options (metrics) on the global CONF only
    conf([], project='osvif-test', default_config_files=[], default_config_dirs=[])
    transport = messaging.get_rpc_transport(conf, url=a.url)
    target = messaging.Target(topic=a.topic, server=a.server)
    server = messaging.get_rpc_server(transport, target, [NegotiationEndpoint(a.mode, a.delay_ms / 1000.0)], executor='threading')
    server.start()
    emit({'event': 'ready'})

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    server.stop()
    server.wait()
    transport.cleanup()


if __name__ == '__main__':
    main()
