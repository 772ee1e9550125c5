// Tap pre-creation (upstream 4.3.0, multiqueue fix 8f2d2cc): only for
// VIFOpenVSwitch, only if absent (init_host re-plug), after the OVS port.
import { VIFBase, VIFOpenVSwitch } from '@osvif/objects';
import { TapCreationNotSupportedError } from '../errors';
import { getAddress, getProfile, profileFlag } from '../vif-fields';
import type { PathContext } from './context';

/** True when the profile asks for a tap. Checked BEFORE any change (upstream raised after adding the port). */
export function wantsTap(vif: VIFBase): boolean {
  const profile = vif.getIfSet('port_profile');
  if (!profile) return false;
  const wants = profileFlag(getProfile(vif), 'create_tap');
  if (wants && !(vif instanceof VIFOpenVSwitch)) throw new TapCreationNotSupportedError((vif.constructor as typeof VIFBase).objName);
  return wants;
}

export async function createTapIfRequested(ctx: PathContext, vif: VIFOpenVSwitch, dev: string, mtu: number): Promise<void> {
  if (!wantsTap(vif) || (await ctx.linux.exists(dev))) return;
  const multiqueue = profileFlag(getProfile(vif), 'multiqueue');
  ctx.log.debug('creating tap', { dev, multiqueue, mtu });
  try {
    await ctx.linux.createTap(dev, mtu, getAddress(vif), multiqueue);
  } catch (e) {
    await ctx.linux.deleteNetDev(dev).catch(() => undefined);
    throw e;
  }
}

export async function deleteTapIfCreated(ctx: PathContext, vif: VIFOpenVSwitch, dev: string): Promise<void> {
  if (wantsTap(vif)) await ctx.linux.deleteNetDev(dev);
}
