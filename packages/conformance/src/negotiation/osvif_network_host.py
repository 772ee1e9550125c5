"""A network host built on the REAL os-vif objects (Debian python3-os-vif), for the negotiation tests.

It serves osvif's wire format (docs/negotiation.md) over HTTP on 127.0.0.1 and reads the HostInfo with
os-vif's own obj_from_primitive, as an os-vif-era network service would. Version errors are answered as
os-vif raises them (IncompatibleObjectVersion: objname, objver, supported), WITHOUT a manifest unless the
config asks for one. An older registry is made by pinning classes lower: the class registered under the
name is replaced by a subclass at the pinned VERSION (fields added later removed), so obj_class_from_name
refuses newer versions exactly as an older os-vif would.

    /usr/bin/python3 osvif_network_host.py '{"pins": {"HostVIFInfo": "1.0"}, "manifest": false}'

Config: pins (name -> version), manifest (bool, default false), reject_ports (port ids answered with
BindingRejected). stdout, one JSON line each: {"event": "listening", "port": N}, then per request
{"event": "exchange", "status": S, "request": "<text>", "reply": "<text>"}. End of stdin ends it.
"""

import json
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import os_vif.objects
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exc

os_vif.objects.register_all()
from os_vif.objects import host_info as hi  # noqa: E402
from os_vif.objects import network as net  # noqa: E402
from os_vif.objects import vif as osv_vif  # noqa: E402

PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f'

# Fields each class gained, by the version that added them (os-vif's obj_make_compatible rules).
ADDED = {
    'HostVIFInfo': {'supported_port_profiles': '1.1'},
    'VIFPortProfileOpenVSwitch': {'datapath_type': '1.1', 'create_port': '1.2', 'datapath_offload': '1.3'},
}


def vtuple(v):
    return tuple(int(x) for x in v.split('.'))


def pin(name, version):
    """Replace the registered class `name` by one at `version`: what an older registry would hold."""
    classes = ovo_base.VersionedObjectRegistry.obj_classes()[name]
    newest = classes[0]
    if newest.VERSION == version:
        return
    if vtuple(version) > vtuple(newest.VERSION):
        raise ValueError('%s %s is newer than os-vif knows (%s)' % (name, version, newest.VERSION))
    later = {f for f, since in ADDED.get(name, {}).items() if vtuple(since) > vtuple(version)}
    fields = {k: v for k, v in newest.fields.items() if k not in later}
    classes[:] = [type(name, (newest,), {'VERSION': version, 'fields': fields})]


def registry_version(name):
    return ovo_base.VersionedObjectRegistry.obj_classes()[name][0].VERSION


def manifest():
    return {name: classes[0].VERSION for name, classes in sorted(ovo_base.VersionedObjectRegistry.obj_classes().items())}


def ovs_vif():
    network = net.Network(id='437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge='br-int', mtu=1450)
    profile = osv_vif.VIFPortProfileOpenVSwitch(interface_id=PORT_ID, profile_id='prof', datapath_type='netdev',
                                                create_port=True)
    return osv_vif.VIFOpenVSwitch(id=PORT_ID, address='fa:16:3e:11:22:33', vif_name='tap3e1a7f0c-5b',
                                  bridge_name='br-int', network=network, port_profile=profile, has_traffic_filtering=False,
                                  preserve_on_delete=False, active=True)


def in_range(v, lo, hi_):
    return vtuple(lo) <= vtuple(v) <= vtuple(hi_)


def bind(info):
    """The VIF for the first plugin that consumes VIFOpenVSwitch, at versions inside its declared ranges."""
    vif_version = registry_version('VIFOpenVSwitch')
    profile_known = registry_version('VIFPortProfileOpenVSwitch')
    for plugin in info.plugin_info:
        if not plugin.has_vif('VIFOpenVSwitch'):
            continue
        vinfo = plugin.get_vif('VIFOpenVSwitch')
        if not in_range(vif_version, vinfo.min_version, vinfo.max_version):
            continue
        profile_version = profile_known
        if 'supported_port_profiles' in vinfo.fields and vinfo.obj_attr_is_set('supported_port_profiles'):
            ranges = [p for p in vinfo.supported_port_profiles if p.profile_object_name == 'VIFPortProfileOpenVSwitch']
            if not ranges:
                continue
            top = min(vtuple(ranges[0].max_version), vtuple(profile_known))
            if top < vtuple(ranges[0].min_version):
                continue
            profile_version = '%d.%d' % top
        vif = ovs_vif()
        vif.plugin = plugin.plugin_name
        # oslo's manifest names the field's declared class (VIFPortProfileBase), not the concrete one.
        return vif.obj_to_primitive(target_version=vif_version,
                                    version_manifest={'VIFPortProfileBase': profile_version,
                                                      'Network': registry_version('Network')})
    return None


def error(status, type_, message, **extra):
    body = {'type': type_, 'message': message}
    body.update(extra)
    return status, {'error': body}


def answer(config, text):
    try:
        request = json.loads(text)
    except ValueError as e:
        return error(400, 'MalformedJSON', str(e))
    if not isinstance(request, dict) or set(request) != {'host_info', 'binding'}:
        return error(400, 'MalformedRequest', 'host_info and binding are required', path='', reason='shape')
    binding = request['binding']
    if not isinstance(binding, dict) or not isinstance(binding.get('port_id'), str):
        return error(400, 'MalformedRequest', 'binding.port_id is required', path='binding.port_id', reason='missing')
    try:
        info = hi.HostInfo.obj_from_primitive(request['host_info'])
    except ovo_exc.IncompatibleObjectVersion as e:
        extra = {'object': e.kwargs['objname'], 'version': e.kwargs['objver'], 'supported_version': e.kwargs['supported']}
        if config.get('manifest'):
            extra['manifest'] = manifest()
        return error(409, 'IncompatibleObjectVersion', str(e), **extra)
    except ovo_exc.UnsupportedObjectError as e:
        return error(409, 'UnsupportedObject', str(e), object=e.kwargs.get('objtype'), namespace='os_vif', path='')
    except Exception as e:  # noqa: BLE001 - anything else os-vif cannot read is a malformed request
        return error(400, 'MalformedRequest', '%s: %s' % (type(e).__name__, e), path='host_info', reason=str(e))
    if binding['port_id'] in config.get('reject_ports', []):
        return error(422, 'BindingRejected', 'no port %s' % binding['port_id'], reason_code='PORT_NOT_FOUND')
    vif = bind(info)
    if vif is None:
        return error(422, 'NoPluginForVif', 'no plugin consumes VIFOpenVSwitch', candidates=[], consumable=[])
    return 200, {'vif': vif}


def emit(line):
    with LOCK:
        sys.__stdout__.write(json.dumps(line) + '\n')
        sys.__stdout__.flush()


LOCK = threading.Lock()


def serve(config):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep stdout for protocol lines
            pass

        def do_POST(self):
            length = int(self.headers.get('content-length') or 0)
            text = self.rfile.read(min(length, 1 << 20)).decode('utf-8', 'replace')
            if self.path != '/v1/host-info':
                status, reply = error(404, 'NotFound', 'POST /v1/host-info')
            else:
                try:
                    status, reply = answer(config, text)
                except Exception:  # noqa: BLE001 - a bug here must show in the test, not reset the connection
                    traceback.print_exc()
                    status, reply = error(500, 'InternalError', 'the network host failed to process the request')
            body = json.dumps(reply).encode('utf-8')
            self.send_response(status)
            self.send_header('content-type', 'application/json')
            self.send_header('content-length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            emit({'event': 'exchange', 'status': status, 'request': text, 'reply': body.decode('utf-8')})

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    sys.stdout = sys.stderr  # libraries' prints must not mix with protocol lines
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    for name, version in (config.get('pins') or {}).items():
        pin(name, version)
    server = serve(config)
    emit({'event': 'listening', 'port': server.server_address[1], 'manifest': manifest()})
    sys.stdin.read()
    server.shutdown()


if __name__ == '__main__':
    main()
