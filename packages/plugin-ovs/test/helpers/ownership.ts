// Ownership in the host tests (docs/ownership.md): the marks the plugin writes on what it makes, and set-ups
// that make a pre-existing device or OVS row this VIF's (marked, or identified the os-vif way) or leave it foreign.
import { expect } from '@jest/globals';
import { ForeignResourceError } from '@osvif/sdk';
import { TEST_INTERFACE_ID } from '@osvif/testkit';
import type { OvsTestEnv } from './env';
import { MAC } from './vifs';

/** The external_ids entries the plugin adds to the Port, Interface and QoS rows it makes for a VIF. */
export function ovsMarks(vif: { readonly id: string; readonly objName: string }): Record<string, string> {
  return { 'osvif-vif-id': vif.id, 'osvif-plugin': 'ovs', 'osvif-vif-class': vif.objName };
}

/** The IFLA_IFALIAS of a link the plugin made for the VIF `vifId`. */
export function linkAlias(vifId: string): string {
  return `osvif:ovs:${vifId}`;
}

/** Marks `dev` as the VIF's (as a plug that made it does), with `ip link set DEV alias ...` in the namespace. */
export async function markLink(env: OvsTestEnv, dev: string, vifId: string): Promise<void> {
  await env.ns.check('ip', ['link', 'set', 'dev', dev, 'alias', linkAlias(vifId)]);
}

/** Gives the Interface row `port` os-vif's identity of a VIF: iface-id (the profile's interface_id) and attached-mac. */
export async function identifyAsOsVif(env: OvsTestEnv, port: string, ifaceId = TEST_INTERFACE_ID, mac = MAC): Promise<void> {
  await env.ovs.vsctl([
    'set',
    'Interface',
    port,
    `external_ids:iface-id=${JSON.stringify(ifaceId)}`,
    `external_ids:attached-mac=${JSON.stringify(mac)}`,
  ]);
}

/** Checks that `cause` is the guard's refusal of `resource` for the VIF `vifId`. */
export function expectForeign(cause: unknown, vifId: string, resourceKind: 'link' | 'ovs-port', resource: string): void {
  expect(cause).toBeInstanceOf(ForeignResourceError);
  expect(cause).toMatchObject({ code: 'FOREIGN_RESOURCE', vifId, resourceKind, resource });
  expect((cause as Error).message).toMatch(/not this VIF's/);
}
