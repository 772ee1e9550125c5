// Tap pre-creation (upstream 4.3.0, multiqueue fix 8f2d2cc): only for
// VIFOpenVSwitch (plan.ts refuses it on other kinds before any change), only
// if absent (init_host re-plug), after the OVS port.
import { linkAlias, VifIdent } from '../ownership/ident';
import type { TapPlan } from '../plan';
import type { PathContext } from './context';

/** Makes the tap the profile asked for, unless a device of that name is there; a half-made tap is removed. */
export async function createTapIfRequested(
  ctx: PathContext,
  dev: string,
  mtu: number,
  tap: TapPlan | undefined,
  ident: VifIdent,
): Promise<void> {
  if (!tap || (await ctx.linux.exists(dev))) return;
  ctx.log.debug('creating tap', { dev, multiqueue: tap.multiqueue, mtu });
  try {
    await ctx.linux.createTap(dev, mtu, tap.mac, tap.multiqueue, linkAlias(ident));
  } catch (e) {
    await ctx.linux.deleteNetDev(dev).catch(() => undefined);
    throw e;
  }
}

/** Unplug: the tap goes when the profile says the plugin made it. */
export async function deleteTapIfCreated(ctx: PathContext, dev: string, tapCreated: boolean): Promise<void> {
  if (tapCreated) await ctx.linux.deleteNetDev(dev);
}
