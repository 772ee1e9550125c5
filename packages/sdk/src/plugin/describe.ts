// HostPluginInfo derived from the declarations: min/max are the lowest and
// highest registered versions inside each declared range (os-vif plugins wrote
// theirs by hand and got them wrong: differences.md D7).
import { HostPluginInfo, HostPortProfileInfo, HostVIFInfo } from '@osvif/objects';
import type { PluginDefinition } from './metadata';

/** The HostPluginInfo a plugin definition advertises in host_info. */
export function describePlugin(definition: PluginDefinition): HostPluginInfo {
  return new HostPluginInfo({
    plugin_name: definition.name,
    vif_info: definition.vifs.map(
      (v) =>
        new HostVIFInfo({
          vif_object_name: v.objName,
          min_version: v.versions[0],
          max_version: v.versions[v.versions.length - 1],
          supported_port_profiles: v.profiles.map(
            (p) =>
              new HostPortProfileInfo({
                profile_object_name: p.objName,
                min_version: p.versions[0],
                max_version: p.versions[p.versions.length - 1],
              }),
          ),
        }),
    ),
  });
}
