// @Status: can the plugin serve? OVSDB answers a query (within STATUS_TIMEOUT_MS, whatever ovs_vsctl_timeout says)
// and rtnetlink answers.
import { OVS_MARK_KEYS } from '@osvif/sdk';
import type { StatusCheck } from '@osvif/sdk';
import type { PathContext } from '../paths/context';

const STATUS_TIMEOUT_MS = 5_000;

export async function pluginStatus(ctx: PathContext): Promise<StatusCheck[]> {
  const where = ctx.config.ovsdb_connection || 'the default OVSDB socket';
  return Promise.all([
    // A real round trip (a select on both drivers): a connected but hung ovsdb-server must fail the probe.
    probe('ovsdb', `${ctx.config.ovsdb_interface} driver, ${where}`, () => ctx.ovs().findBridgesWithExternalId(OVS_MARK_KEYS.vifId)),
    probe('netlink', 'rtnetlink link dump', () => ctx.linux.list()),
  ]);
}

async function probe(name: string, what: string, fn: () => Promise<unknown>): Promise<StatusCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${STATUS_TIMEOUT_MS / 1000} s`)), STATUS_TIMEOUT_MS);
  });
  try {
    await Promise.race([fn(), timeout]);
    return { name, ok: true, detail: what };
  } catch (e) {
    return { name, ok: false, detail: `${what}: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}
