// Network host side: which plugin of the service host gets the VIF, and at
// which versions the VIF and its port profile are written. The versions are
// the highest ones inside the plugin's declared min/max that both this build
// and the network host's registry know: never outside the declared range.
import {
  HostInfo,
  HostPluginInfo,
  HostPortProfileInfo,
  HostVIFInfo,
  fromPrimitive,
  type ObjectPrimitive,
  type VersionedObject,
  type VersionedObjectClass,
  VIFBase,
} from '../model';
import { NoPluginForVifError, type ConsumableVif, type RejectedCandidate } from './errors';
import { RegistryView, type VersionManifest } from './registry-view';
import { highestInRange } from './versions';

/** The VIF selectVif chose, backlevelled to a version the host consumes, and the candidates it rejected. */
export interface VifSelection {
  /** The plugin that will plug it (also written into the VIF's `plugin` field). */
  readonly plugin: string;
  readonly vifObjectName: string;
  readonly vifVersion: string;
  readonly portProfileObjectName?: string;
  readonly portProfileVersion?: string;
  /** The VIF as it goes on the wire. */
  readonly primitive: ObjectPrimitive;
}

/** Options of selectVif. */
export interface SelectOptions {
  /** What the network host's registry knows (default: everything this build knows). */
  readonly view?: RegistryView;
}

function classOf(obj: VersionedObject): VersionedObjectClass {
  return obj.constructor as unknown as VersionedObjectClass;
}

/** The host's plugins as plain data (for errors and logs); unset or odd fields are skipped, never thrown. */
export function consumableVifs(hostInfo: HostInfo): ConsumableVif[] {
  const out: ConsumableVif[] = [];
  for (const p of hostInfo.getIfSet('plugin_info') ?? []) {
    const plugin = p.getIfSet('plugin_name') ?? '';
    for (const v of p.getIfSet('vif_info') ?? []) {
      const profiles = v.getIfSet('supported_port_profiles');
      out.push({
        plugin,
        vif_object_name: v.getIfSet('vif_object_name') ?? '',
        min_version: v.getIfSet('min_version') ?? '',
        max_version: v.getIfSet('max_version') ?? '',
        ...(profiles
          ? {
              port_profiles: profiles.map((pp: HostPortProfileInfo) => ({
                profile_object_name: pp.getIfSet('profile_object_name') ?? '',
                min_version: pp.getIfSet('min_version') ?? '',
                max_version: pp.getIfSet('max_version') ?? '',
              })),
            }
          : {}),
      });
    }
  }
  return out;
}

interface Fit {
  readonly vifVersion: string;
  readonly profileVersion?: string;
}

/** Whether `plugin` takes `vif` (and its profile); a reason string when not. */
function fit(plugin: HostPluginInfo, vifInfo: HostVIFInfo, vif: VIFBase, view: RegistryView): Fit | string {
  const pluginName = plugin.getIfSet('plugin_name') ?? '(unnamed)';
  const cls = classOf(vif);
  const min = vifInfo.getIfSet('min_version');
  const max = vifInfo.getIfSet('max_version');
  if (min === undefined || max === undefined) return `${pluginName}: ${cls.objName} has no min/max version`;
  const known = view.versionOf(cls.objName);
  if (known === undefined) return `the network host does not know ${cls.objName}`;
  const vifVersion = highestInRange(cls.versions, min, max, known);
  if (vifVersion === undefined) {
    return `${pluginName}: ${cls.objName} ${min}-${max} has no version in common with ${cls.versions.join(', ')} (network host knows up to ${known})`;
  }
  const profile = vif.getIfSet('port_profile');
  if (profile === undefined || profile === null) return { vifVersion };
  const pcls = classOf(profile);
  const pKnown = view.versionOf(pcls.objName);
  if (pKnown === undefined) return `the network host does not know ${pcls.objName}`;
  const declared = vifInfo.getIfSet('supported_port_profiles');
  if (declared === undefined) {
    // HostVIFInfo 1.0 does not list port profiles: the host said nothing, so
    // the profile goes at the newest version the network host knows (what
    // os-vif peers did). The service host's runtime still refuses it before
    // plugging if its plugin does not accept that version.
    return { vifVersion, profileVersion: pKnown };
  }
  const pInfo = declared.find((d) => d.getIfSet('profile_object_name') === pcls.objName);
  if (!pInfo) {
    const names = declared.map((d) => d.getIfSet('profile_object_name')).join(', ');
    return `${pluginName}: ${cls.objName} takes port profiles ${names || '(none)'}, not ${pcls.objName}`;
  }
  const pMin = pInfo.getIfSet('min_version');
  const pMax = pInfo.getIfSet('max_version');
  if (pMin === undefined || pMax === undefined) return `${pluginName}: ${pcls.objName} has no min/max version`;
  const profileVersion = highestInRange(pcls.versions, pMin, pMax, pKnown);
  if (profileVersion === undefined) {
    return `${pluginName}: ${pcls.objName} ${pMin}-${pMax} has no version in common with ${pcls.versions.join(', ')} (network host knows up to ${pKnown})`;
  }
  return { vifVersion, profileVersion };
}

/**
 * Picks the first candidate (in the driver's order of preference) that a
 * plugin of the host consumes (plugins in HostInfo order; a candidate whose
 * `plugin` is set only goes to that plugin) and writes it at the chosen
 * versions. Nested objects (Network, ...) are written at the versions the
 * network host knows. Throws NoPluginForVifError listing what the host consumes.
 */
export function selectVif(hostInfo: HostInfo, candidates: VIFBase | readonly VIFBase[], options: SelectOptions = {}): VifSelection {
  const view = options.view ?? RegistryView.current();
  const list: readonly VIFBase[] = Array.isArray(candidates) ? candidates : [candidates as VIFBase];
  const rejected: RejectedCandidate[] = [];
  for (const vif of list) {
    if (!(vif instanceof VIFBase)) throw new TypeError('selectVif: every candidate must be a VIF object (VIFBase subclass)');
    const cls = classOf(vif);
    const profile = vif.getIfSet('port_profile') ?? undefined;
    const wanted = vif.getIfSet('plugin');
    const reasons: string[] = [];
    for (const plugin of hostInfo.getIfSet('plugin_info') ?? []) {
      const name = plugin.getIfSet('plugin_name');
      if (name === undefined || (wanted !== undefined && name !== wanted)) continue;
      const vifInfo = (plugin.getIfSet('vif_info') ?? []).find((v) => v.getIfSet('vif_object_name') === cls.objName);
      if (!vifInfo) continue;
      const f = fit(plugin, vifInfo, vif, view);
      if (typeof f === 'string') {
        reasons.push(f);
        continue;
      }
      return write(vif, name, f, view);
    }
    if (reasons.length === 0) {
      reasons.push(
        wanted !== undefined
          ? `plugin ${wanted} is not on the host or does not consume ${cls.objName}`
          : `no plugin consumes ${cls.objName}`,
      );
    }
    rejected.push({
      vif_object_name: cls.objName,
      ...(profile ? { port_profile_object_name: classOf(profile).objName } : {}),
      ...(wanted !== undefined ? { plugin: wanted } : {}),
      reasons,
    });
  }
  throw new NoPluginForVifError(rejected, consumableVifs(hostInfo));
}

function write(vif: VIFBase, plugin: string, f: Fit, view: RegistryView): VifSelection {
  const cls = classOf(vif);
  // A copy, so the driver's object is not changed by setting `plugin`.
  const copy = fromPrimitive(vif.toPrimitive()) as VIFBase;
  if (copy.getIfSet('plugin') !== plugin) copy.plugin = plugin;
  const profile = copy.getIfSet('port_profile') ?? undefined;
  const manifest: Record<string, string> = { ...view.manifest, [cls.objName]: f.vifVersion };
  let profileName: string | undefined;
  if (profile && f.profileVersion !== undefined) {
    profileName = classOf(profile).objName;
    manifest[profileName] = f.profileVersion;
  }
  const primitive = copy.toPrimitive(f.vifVersion, manifest as VersionManifest);
  return {
    plugin,
    vifObjectName: cls.objName,
    vifVersion: f.vifVersion,
    ...(profileName !== undefined ? { portProfileObjectName: profileName, portProfileVersion: f.profileVersion } : {}),
    primitive,
  };
}
