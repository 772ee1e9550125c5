// Hybrid plug (VIFBridge): a per-VIF Linux bridge qbr… for iptables firewalling,
// a veth pair qvb…/qvo…, qvb… enslaved to the qbr, qvo… as the OVS port.
//
// The steps form a small dependency graph and run as soon as what they need
// exists (the kernel and ovsdb-server work in parallel):
//   qbr created, veth created      (concurrently, without a look first)
//   qvb up/promisc/MTU/master      after both (one RTM_SETLINK)
//   qvo up/promisc/MTU             after the veth
//   OVS bridge ensured             at once
//   OVS port qvo… (one txn)        after qvo is set and the OVS bridge; it does not need qvb enslaved
//   qbr sysctls, then qbr up       after the qvb/qvo link changes (see below)
// The OVS port waits for qvo to be configured, as in os-vif, so ovs-vswitchd
// opens a device that is up at its MTU.
import { settleAll, withUndo } from '@osvif/sdk';
import { vethEndSettings } from '../linux-net';
import { claimAll, LinkClaimOptions } from '../ownership/guard';
import { hybridNames } from '../naming';
import { linkAlias, rowMark, VifIdent } from '../ownership/ident';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import { ensureVifBridge, PathContext } from './context';

type HybridNames = { readonly linuxBridge: string; readonly qvb: string; readonly qvo: string };

export async function plugHybrid(ctx: PathContext, plan: Extract<OvsPlugPlan, { path: 'hybrid' }>): Promise<void> {
  const { bridge, datapath, linuxBridge, qvb, qvo, mtu, owner: ids, ident } = plan;
  const { linux } = ctx;
  await claimHybrid(ctx, ident, plan);
  const alias = linkAlias(ident);

  await withUndo(ctx.log, async (undo) => {
    // No look first: both are created at once, and only a name already taken
    // is looked at (a qbr that is not a bridge fails the plug, LinkKindMismatchError,
    // and the rollback removes the veth made meanwhile).
    // A name taken since the claim above (a VIF sharing the id's first 11 characters, plugging at this moment)
    // is claimed again before it is used.
    const qbrMade = linux.createOrFindBridge(linuxBridge, {
      onCreated: () => undo.push(`bridge ${linuxBridge}`, () => linux.deleteNetDev(linuxBridge)),
      onTaken: () => ctx.guard.claimLink(ident, linuxBridge, legacyClaim(ident, plan)),
    });
    const vethMade = linux.createOrFindVeth(qvb, qvo, {
      onCreated: () => undo.push(`veth ${qvb}/${qvo}`, () => linux.deleteNetDev(qvo)),
      onTaken: () => claimAll([ctx.guard.claimLink(ident, qvb, { legacyPort: qvo }), ctx.guard.claimLink(ident, qvo, { legacyPort: qvo })]),
    });
    // Re-plug (e.g. compute restart) keeps the pair and converges it: MTU on both
    // ends, qvb re-enslaved (3.0.0 only updated the MTU: differences.md D15).
    // Each link's first change after its creation carries its ownership mark (the kernel ignores one on RTM_NEWLINK).
    const end = vethMade.then((created) => ({ ...(created ? vethEndSettings(mtu) : mtu ? { mtu } : {}), alias }));
    const qvbReady = Promise.all([qbrMade, end]).then(([, e]) => linux.setLink(qvb, { ...e, master: linuxBridge }));
    const qvoReady = end.then((e) => linux.setLink(qvo, e));
    // The sysctls wait for the link changes: disable_ipv6 spins on the rtnl lock
    // (rtnl_trylock + restart) while another link change holds it, burning the
    // CPU that ovsdb-server and ovs-vswitchd need for the port write.
    const qbrReady = Promise.all([qvbReady, qvoReady]).then(() => linux.configureBridge(linuxBridge, alias));
    const ovsBridge = ensureVifBridge(ctx, plan);
    const port = Promise.all([qvoReady, ovsBridge]).then(async () => {
      const created = await ctx.ports.create({
        bridge,
        dev: qvo,
        ids,
        mark: rowMark(ident),
        mtu,
        datapathType: datapath,
        setKernelMtu: false,
      });
      if (created) undo.push(`OVS port ${qvo}`, () => ctx.ports.delete(bridge, qvo, { deleteNetdev: false }));
    });
    // Every step settles before a failure is reported, so the rollback never races a step still running.
    await settleAll([qbrMade, vethMade, end, qbrReady, qvbReady, qvoReady, ovsBridge, port]);
  });
}

/**
 * Unhooks and removes everything: the OVS port row first, then the Linux bridge and the veth pair together.
 * The two deletes are issued at once so the runtime's LinkApi sends them as ONE group delete (one
 * unregister_netdevice_many: the kernel's RCU waits are shared instead of paid per link; host-networking.md).
 * os-vif deletes the bridge (setting qvb down), then the row, then the veth: the row goes first here, so
 * that its delete does not wait behind the kernel deletes for the rtnl lock, and a port found on another
 * bridge fails the unplug before any device is deleted (differences.md D58).
 */
export async function unplugHybrid(ctx: PathContext, plan: Extract<OvsUnplugPlan, { path: 'hybrid' }>): Promise<void> {
  const { bridge, linuxBridge, qvo } = plan;
  await claimHybrid(ctx, plan.ident, plan);
  const existing = await ctx.linux.getBridge(linuxBridge); // LinkKindMismatchError before any change
  await ctx.ports.delete(bridge, qvo, { deleteNetdev: false });
  await settleAll([existing ? ctx.linux.deleteNetDev(linuxBridge) : Promise.resolve(false), ctx.linux.deleteNetDev(qvo)]);
  await ctx.ports.deleteBridgeIfTrunk(bridge);
}

/**
 * bridge_name, qvb, qvo and the qvo port must be this VIF's (marked, or os-vif's with the qvo row's
 * iface-id/attached-mac): a foreign bridge named in bridge_name, or another VIF's devices sharing the
 * first 11 characters of the id, are refused before any change.
 */
async function claimHybrid(ctx: PathContext, ident: VifIdent, names: HybridNames): Promise<void> {
  const { linuxBridge, qvb, qvo } = names;
  const legacy = { legacyPort: qvo };
  await claimAll([
    ctx.guard.claimLink(ident, linuxBridge, legacyClaim(ident, names)),
    ctx.guard.claimLink(ident, qvb, legacy),
    ctx.guard.claimLink(ident, qvo, legacy),
    ctx.guard.claimPort(ident, qvo),
  ]);
}

/**
 * An unmarked Linux bridge is os-vif's for this VIF only under the name os-vif derives (qbr + id): the qvo
 * row's iface-id and MAC say nothing of a bridge_name the network host may have pointed anywhere.
 */
function legacyClaim(ident: VifIdent, names: HybridNames): LinkClaimOptions {
  return names.linuxBridge === hybridNames(ident.vifId).qbr ? { legacyPort: names.qvo } : {};
}
