// What the OVS plugin's native driver asks of the generic OVSDB client: the database, the columns it
// caches, the default socket, and "wait until ovs-vswitchd applied cfg N". os-vif policy, kept here.
import type { OvsdbClient, OvsdbMonitorSpec } from '@osvif/ovsdb';

/** The database os-vif's OVS plugin works on. */
export const OVS_DATABASE = 'Open_vSwitch';

/**
 * Where ovs-vsctl looks when it is given no `--db`: its compiled-in default
 * (`unix:$OVS_RUNDIR/db.sock`) as Debian and most distributions build it. An
 * empty `ovsdb_connection` means this for both drivers (os-vif's vsctl driver
 * then omits `--db`; its native driver cannot connect at all).
 */
export const DEFAULT_OVSDB_ENDPOINT = 'unix:/var/run/openvswitch/db.sock';

/**
 * Only what the native driver's writes are built from, and the Interface marks every unplug's ownership
 * claim reads (a select per unplug cost the client and ovsdb-server more than the rest of the unplug):
 * every monitored column is parsed on each update, and with many ports in flight that is most of the
 * client's work. Other reads (getPort, getInterface...) select from the server. ovs-vswitchd's own updates
 * to Interface rows (ofport, status, statistics) are not sent: those columns are not monitored.
 * `Open_vSwitch.cur_cfg` tells when ovs-vswitchd has applied a change.
 */
export const DRIVER_MONITOR: OvsdbMonitorSpec = {
  Open_vSwitch: ['bridges', 'cur_cfg', 'next_cfg'],
  Bridge: ['name', 'ports', 'datapath_type'],
  Port: ['name'],
  Interface: ['name', 'external_ids'],
  QoS: ['external_ids'],
};

/**
 * Resolves once ovs-vswitchd reports `cur_cfg >= target` (it has applied our change), as ovs-vsctl
 * and ovsdbapp wait; OvsdbTimeoutError after `timeoutMs`. Survives a reconnect (the fresh snapshot
 * is checked too).
 */
export function waitForCurCfg(client: OvsdbClient, target: number, operation: string, timeoutMs = client.timeoutMs): Promise<void> {
  return client.waitForCache(
    (cache) => {
      const cur = cache.rows('Open_vSwitch')[0]?.cur_cfg;
      return typeof cur === 'number' && cur >= target;
    },
    `${operation} (waiting for ovs-vswitchd to apply cfg ${target})`,
    timeoutMs,
  );
}
