// A parity pair for the OVS suites: os-vif 3.0.0 and osvif (OvsPlugin), each in
// its own namespace with its own private userspace OVS, configured from the
// same [os_vif_ovs] options. The reference uses the same ovsdb_interface as
// ours, so each driver is compared with os-vif's own version of it.
import type { InstanceInfo, VIFBase } from '@osvif/objects';
import {
  createOsVifSide,
  createOsvifSide,
  failures,
  instanceInfo,
  ParitySide,
  ParityStep,
  runOnBoth,
  SideConfig,
} from '@osvif/conformance';
import { OvsPlugin } from '@osvif/plugin-ovs';

export type Driver = 'native' | 'vsctl';
export const DRIVERS: readonly Driver[] = ['native', 'vsctl'];

export interface OvsPair {
  readonly reference: ParitySide;
  readonly candidate: ParitySide & { readonly logs: { readonly lines: string[] } };
  /** Plug/unplug on both sides; throws (with both sides' errors) unless every operation succeeded. */
  step(op: 'plug' | 'unplug', vifs: readonly VIFBase[], info?: InstanceInfo): Promise<ParityStep>;
  /** Unplugs (on both sides, errors ignored) every VIF plugged and not unplugged since: afterEach, so a failed test does not leak into the next. */
  cleanup(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createOvsPair(
  driver: Driver,
  ovs: NonNullable<SideConfig['ovs']> = {},
  snapshot = { sysctls: true },
): Promise<OvsPair> {
  const config: SideConfig = { ovs: { ...ovs, ovsdb_interface: driver } };
  const [ref, ours] = await Promise.allSettled([
    createOsVifSide({ config, snapshot }),
    createOsvifSide({ config, snapshot, pluginClasses: [OvsPlugin] }),
  ]);
  if (ref.status === 'rejected' || ours.status === 'rejected') {
    if (ref.status === 'fulfilled') await ref.value.dispose();
    if (ours.status === 'fulfilled') await ours.value.dispose();
    throw ref.status === 'rejected' ? ref.reason : (ours as PromiseRejectedResult).reason;
  }
  const reference = ref.value;
  const candidate = ours.value;
  const plugged = new Map<string, VIFBase>();
  return {
    reference,
    candidate,
    async step(op, vifs, info = instanceInfo()) {
      for (const v of vifs) {
        if (op === 'plug') plugged.set(v.id, v);
        else plugged.delete(v.id);
      }
      const s = await runOnBoth(reference, candidate, op, vifs, info);
      const problems = [
        failures(s.reference) && `os-vif 3.0.0: ${failures(s.reference)}`,
        failures(s.candidate) && `osvif: ${failures(s.candidate)}`,
      ].filter(Boolean);
      if (problems.length) {
        throw new Error(
          `${op} failed: ${problems.join(' | ')}\n--- osvif log ---\n${candidate.logs.lines.slice(-20).join('\n')}\n--- os-vif stderr ---\n${(reference as unknown as { runner: { stderr: string } }).runner.stderr.slice(-2000)}`,
        );
      }
      return s;
    },
    async cleanup() {
      const left = [...plugged.values()];
      plugged.clear();
      await Promise.all(
        [reference, candidate].map(async (side) => {
          for (const v of left) await side.unplug(v, instanceInfo());
        }),
      );
    },
    dispose: async () => {
      await Promise.all([reference.dispose(), candidate.dispose()]);
    },
  };
}
