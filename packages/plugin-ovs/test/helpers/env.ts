// A fresh network namespace with a private Open vSwitch whose ovs-vswitchd runs
// inside it, and runtimes whose `ovs` plugin acts there (the test kit's
// startTestRuntime: the namespace's LinkApi/Sysctl and command runner, the
// private OVSDB), one per driver and option set, all on the same namespace.
import { createOvsDriver, OvsDriver } from '../../src/ovsdb';
import { ExecFileCommandRunner, HostServices, OsVifRuntime } from '@osvif/runtime';
import { createNetns, PrivateOvs, renderConfig, startPrivateOvs, startTestRuntime, TestNetns, TestRuntime } from '@osvif/testkit';
import type { TestConfig } from '@osvif/testkit';
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

/** The [os_vif_ovs] options of a runtime with `driver` (ovsdb_connection: the private OVS). */
function ovsOptions(ovs: PrivateOvs, driver: DriverKind, extra: Record<string, string | number | boolean>): TestConfig {
  return { os_vif_ovs: { ovsdb_connection: ovs.dbEndpoint, ovsdb_interface: driver, ovs_vsctl_timeout: 10, ...extra } };
}

export async function startEnv(): Promise<OvsTestEnv> {
  const ns = await createNetns();
  let ovs: PrivateOvs | undefined;
  const runtimes: TestRuntime[] = [];
  let db: OvsDriver | undefined;
  try {
    ovs = await startPrivateOvs({ netns: ns.name });
    db = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'vsctl', timeoutSeconds: 10, runner: new ExecFileCommandRunner() });
    const logs: string[] = [];
    const o = ovs;
    const d = db;
    return {
      ns,
      ovs: o,
      db: d,
      logs,
      configText: (driver, extra = {}) => renderConfig(ovsOptions(o, driver, extra)),
      async runtime(driver, extra = {}, services = {}) {
        const t = await startTestRuntime({
          plugins: [OvsPlugin],
          netns: ns,
          ovs: o,
          config: ovsOptions(o, driver, extra),
          services,
          logSink: (l) => logs.push(l),
        });
        runtimes.push(t);
        return t.runtime;
      },
      async dispose() {
        for (const t of runtimes) await t.dispose();
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
