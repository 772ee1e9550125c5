// A fresh network namespace with a private Open vSwitch whose ovs-vswitchd runs
// inside it, and a runtime whose `ovs` plugin acts there: its LinkApi/Sysctl are
// the namespace's agent (RemoteLinkApi), its OVSDB the private one.
import { createOvsDriver, OvsDriver } from '../../src/ovsdb';
import { Config, HostServices, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { createNetns, PrivateOvs, startPrivateOvs, TestNetns } from '@osvif/testkit';
import { OvsPlugin } from '@osvif/plugin-ovs';

export type DriverKind = 'native' | 'vsctl';
export const DRIVERS: readonly DriverKind[] = ['native', 'vsctl'];

export interface OvsTestEnv {
  readonly ns: TestNetns;
  readonly ovs: PrivateOvs;
  /** An independent driver for looking at the database (vsctl: each call reads the DB now; a second native cache could lag). */
  readonly db: OvsDriver;
  readonly logs: string[];
  /** A runtime with the ovs plugin; `extra` lines are appended to [os_vif_ovs]. */
  runtime(driver: DriverKind, extra?: Record<string, string | number | boolean>, services?: HostServices): Promise<OsVifRuntime>;
  /** The [os_vif_ovs] config text the runtime uses (for CLI runs). */
  configText(driver: DriverKind, extra?: Record<string, string | number | boolean>): string;
  dispose(): Promise<void>;
}

export async function startEnv(): Promise<OvsTestEnv> {
  const ns = await createNetns();
  let ovs: PrivateOvs | undefined;
  const runtimes: OsVifRuntime[] = [];
  let db: OvsDriver | undefined;
  try {
    ovs = await startPrivateOvs({ netns: ns.name });
    db = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'vsctl', timeoutSeconds: 10 });
    const logs: string[] = [];
    const o = ovs;
    const configText = (driver: DriverKind, extra: Record<string, string | number | boolean> = {}): string =>
      [
        '[os_vif_ovs]',
        `ovsdb_connection = ${o.dbEndpoint}`,
        `ovsdb_interface = ${driver}`,
        ...Object.entries({ ovs_vsctl_timeout: 10, ...extra }).map(([k, v]) => `${k} = ${v}`),
        '',
      ].join('\n');
    const d = db;
    return {
      ns,
      ovs: o,
      db: d,
      logs,
      configText,
      async runtime(driver, extra = {}, services = {}) {
        const rt = new OsVifRuntime({
          pluginClasses: [OvsPlugin],
          config: Config.fromText(configText(driver, extra)),
          services: { linkApi: ns.links, sysctl: ns.sysctl, ...services },
          logger: new StreamLogger({ level: 'debug', json: true, sink: { write: (l: string) => logs.push(l) } }),
        });
        runtimes.push(rt);
        await rt.initialize();
        return rt;
      },
      async dispose() {
        for (const rt of runtimes) await rt.close().catch(() => undefined);
        await d.close().catch(() => undefined);
        await o.stop();
        await ns.dispose();
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    await ovs?.stop();
    await ns.dispose();
    throw e;
  }
}
