/** The 31 classes os-vif 3.0.0 registers (os_vif/objects, register_all), and the ones our model moved past 3.0.0. */
export const OSVIF_CLASSES = [
  'DatapathOffloadBase',
  'DatapathOffloadRepresentor',
  'FixedIP',
  'FixedIPList',
  'HostInfo',
  'HostPluginInfo',
  'HostPortProfileInfo',
  'HostVIFInfo',
  'InstanceInfo',
  'Network',
  'Route',
  'RouteList',
  'Subnet',
  'SubnetList',
  'VIFBase',
  'VIFBridge',
  'VIFDirect',
  'VIFGeneric',
  'VIFHostDevice',
  'VIFNestedDPDK',
  'VIFOpenVSwitch',
  'VIFPortProfile8021Qbg',
  'VIFPortProfile8021Qbh',
  'VIFPortProfileBase',
  'VIFPortProfileFPBridge',
  'VIFPortProfileFPOpenVSwitch',
  'VIFPortProfileFPTap',
  'VIFPortProfileK8sDPDK',
  'VIFPortProfileOVSRepresentor',
  'VIFPortProfileOpenVSwitch',
  'VIFVHostUser',
] as const;

/** Upstream (4.3.0) took these to 1.4; os-vif 3.0.0 knows them at 1.3 (differences.md D32). */
export const UPSTREAM_1_4 = ['VIFPortProfileOpenVSwitch', 'VIFPortProfileFPOpenVSwitch', 'VIFPortProfileOVSRepresentor'];

/** True when the primitive (at any depth) holds an object at a version os-vif 3.0.0 cannot read. */
export function holdsNewerThanPeer(p: unknown, manifest: Readonly<Record<string, string>>): boolean {
  if (Array.isArray(p)) return p.some((x) => holdsNewerThanPeer(x, manifest));
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  const name = r['versioned_object.name'];
  const version = r['versioned_object.version'];
  if (typeof name === 'string' && typeof version === 'string' && manifest[name] !== undefined) {
    const [a, b] = version.split('.').map(Number);
    const [c, d] = manifest[name].split('.').map(Number);
    if (a > c || (a === c && b > d)) return true;
  }
  return Object.values(r).some((v) => holdsNewerThanPeer(v, manifest));
}
