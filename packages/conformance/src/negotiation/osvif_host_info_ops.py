"""Extra op for the os-vif bridge (load with --load): read a HostInfo as an os-vif 3.0.0 network
host would, through os-vif's own helpers (has_plugin / get_plugin / has_vif / get_vif)."""

from osvif_bridge import BridgeError, op, _param

import os_vif.objects.host_info as host_info_mod


@op('read_host_info')
def op_read_host_info(params):
    """obj_from_primitive(HostInfo), then everything a network host looks at, via os-vif's helpers."""
    primitive = _param(params, 'primitive', dict)
    info = host_info_mod.HostInfo.obj_from_primitive(primitive)
    if not isinstance(info, host_info_mod.HostInfo):
        raise BridgeError('not a HostInfo: %s' % type(info).__name__)
    plugins = []
    for p in info.plugin_info:
        got = info.get_plugin(p.plugin_name)
        vifs = []
        for v in p.vif_info:
            vif = got.get_vif(v.vif_object_name)
            entry = {
                'vif_object_name': vif.vif_object_name,
                'min_version': vif.min_version,
                'max_version': vif.max_version,
                'version': vif.VERSION,
                'has_vif': got.has_vif(v.vif_object_name),
            }
            if vif.obj_attr_is_set('supported_port_profiles'):
                entry['supported_port_profiles'] = [
                    {'profile_object_name': pp.profile_object_name, 'min_version': pp.min_version,
                     'max_version': pp.max_version, 'version': pp.VERSION}
                    for pp in vif.supported_port_profiles]
            vifs.append(entry)
        plugins.append({'plugin_name': got.plugin_name, 'has_plugin': info.has_plugin(p.plugin_name),
                        'version': got.VERSION, 'vif_info': vifs})
    return {'version': info.VERSION, 'plugins': plugins, 'primitive': info.obj_to_primitive()}
