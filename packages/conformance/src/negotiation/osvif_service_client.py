"""A service host built on the REAL os-vif (Debian python3-os-vif), for the negotiation tests: it sends
os_vif.host_info() to a network host over osvif's wire format (docs/negotiation.md) and reads the VIF
that comes back with os-vif's obj_from_primitive.

    /usr/bin/python3 osvif_service_client.py URL PORT_ID [PERMITTED,...]

It backlevels as os-vif can: HostInfo's own version from a HostInfo error (obj_to_primitive(target_version)).
os-vif cannot backlevel a nested HostVIFInfo through a manifest (differences.md D4), so a nested error ends it.
Prints one JSON line: {"ok": true, "attempts": [...], "vif": <os-vif's primitive of the VIF read>,
"vif_class", "plugin"} or {"ok": false, "attempts": [...], "error": <the last error body>}.
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import os_vif
import os_vif.objects
from os_vif.objects import base as osv_base


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode('utf-8'), method='POST',
                                     headers={'content-type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=10) as res:
            return res.status, json.loads(res.read().decode('utf-8'))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode('utf-8'))


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # libraries' prints must not mix with the result line
    url, port_id = sys.argv[1], sys.argv[2]
    if urllib.parse.urlsplit(url).path in ('', '/'):
        url = url.rstrip('/') + '/v1/host-info'
    permitted = sys.argv[3].split(',') if len(sys.argv) > 3 else None
    os_vif.objects.register_all()
    os_vif.initialize()
    info = os_vif.host_info(permitted)
    target = None
    attempts = []
    result = None
    for _ in range(3):
        sent = info.obj_to_primitive(target_version=target)
        status, reply = post(url, {'host_info': sent, 'binding': {'port_id': port_id, 'host': 'py-compute'}})
        attempts.append({'status': status, 'sent_version': sent['versioned_object.version'], 'reply': reply})
        if 'vif' in reply:
            vif = osv_base.VersionedObject.obj_from_primitive(reply['vif'])
            result = {'ok': True, 'vif': vif.obj_to_primitive(), 'vif_class': type(vif).__name__, 'plugin': vif.plugin}
            break
        err = reply['error']
        if err.get('type') == 'IncompatibleObjectVersion' and err.get('object') == 'HostInfo' and err['supported_version'] != target:
            target = err['supported_version']
            continue
        result = {'ok': False, 'error': err}
        break
    if result is None:
        result = {'ok': False, 'error': {'type': 'AttemptsExhausted', 'message': 'no VIF after 3 requests'}}
    result['attempts'] = attempts
    out.write(json.dumps(result) + '\n')


if __name__ == '__main__':
    main()
