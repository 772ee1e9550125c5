// The `ovs` plugin: what it consumes (decorators -> HostPluginInfo), and the
// dispatch of each VIF kind: read the VIF into a plan (plan.ts), then act on it
// (the paths in src/paths/ hold the steps).
import {
  Check,
  Collect,
  CollectOptions,
  CollectTarget,
  Consumes,
  Discrepancy,
  ListOwned,
  OwnedResource,
  OwnedVif,
  Status,
  StatusCheck,
  COMMAND_RUNNER,
  CommandRunner,
  inject,
  LINK_API,
  LinkApi,
  LOCKS,
  LockService,
  LOGGER,
  Logger,
  Plug,
  PLUGIN_CONFIG,
  SYSCTL,
  Sysctl,
  SYSFS_ROOT,
  typedConfig,
  Unplug,
  VifPlugin,
} from '@osvif/sdk';
import {
  InstanceInfo,
  VIFBridge,
  VIFHostDevice,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileOVSRepresentor,
  VIFVHostUser,
} from '@osvif/objects';
import type { VIFBase } from '@osvif/objects';
import type { OvsDriver } from './ovsdb';
import { OVS_OPTIONS, OvsConfig } from './config';
import { LinuxNet } from './linux-net';
import { isTrunkBridge } from './naming';
import { VifPorts } from './ovs/vif-port';
import { PathContext } from './paths/context';
import { plugBridgeOnly, plugDirect, unplugDirectOrHybrid } from './paths/generic';
import { plugHostDevice, unplugHostDevice } from './paths/hostdevice';
import { plugHybrid, unplugHybrid } from './paths/hybrid';
import { plugPerPortBridge, unplugPerPortBridge } from './paths/per-port-bridge';
import { plugVhostUser, unplugVhostUser } from './paths/vhostuser';
import { OvsPlugPlan, OvsUnplugPlan, planPlug, planUnplug } from './plan';
import { Sysfs } from './sriov/sysfs';
import { OwnershipGuard } from './ownership/guard';
import { checkVif } from './host-state/check';
import { collectVif } from './host-state/collect';
import { listOwned } from './host-state/list';
import { pluginStatus } from './host-state/status';

/**
 * ovs_vsctl_timeout = 0 means "wait forever" (os-vif help). Node timers stop at 2^31-1 ms (~24.8 days; longer
 * ones fire at once), and the vsctl driver adds a margin to its process timeout: 2,000,000 s (~23 days) is safe.
 */
const FOREVER_SECONDS = 2_000_000;

// Ranges say what this code reads: profile 1.0-1.4 (datapath_type 1.1, create_port 1.3,
// create_tap/multiqueue 1.4), VIFVHostUser 1.0-1.1. os-vif advertises a blanket 1.0.
const OVS_PROFILE = [VIFPortProfileOpenVSwitch, '1.0 - 1.4'] as const;
const REPRESENTOR_PROFILE = [VIFPortProfileOVSRepresentor, '1.0 - 1.4'] as const;

/**
 * The ovs plugin (os-vif's vif_plug_ovs): plugs VIFOpenVSwitch, VIFBridge (hybrid), VIFVHostUser and
 * VIFHostDevice into Open vSwitch.
 */
@VifPlugin({
  name: 'ovs',
  options: OVS_OPTIONS,
  description: 'Open vSwitch: hybrid (qbr/veth), direct, per-port bridge, vhost-user and SR-IOV representor ports.',
})
@Consumes(VIFBridge, '1.0', { profiles: [OVS_PROFILE] })
@Consumes(VIFOpenVSwitch, '1.0', { profiles: [OVS_PROFILE] })
@Consumes(VIFVHostUser, '1.0 - 1.1', { profiles: [OVS_PROFILE, REPRESENTOR_PROFILE] })
@Consumes(VIFHostDevice, '1.0', { profiles: [OVS_PROFILE, REPRESENTOR_PROFILE] })
export class OvsPlugin {
  readonly config: OvsConfig;
  private driver: OvsDriver | undefined;
  private readonly ctx: PathContext;

  constructor(
    @inject(PLUGIN_CONFIG) raw: Readonly<Record<string, unknown>>,
    @inject(LOGGER) private readonly log: Logger,
    @inject(LINK_API) links: LinkApi,
    @inject(SYSCTL) sysctl: Sysctl,
    @inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @inject(LOCKS) private readonly locks: LockService,
    @inject(SYSFS_ROOT) sysfsRoot: string,
  ) {
    this.config = typedConfig(OVS_OPTIONS, raw);
    const ovs = (): OvsDriver => this.ovs();
    const linux = new LinuxNet(links, sysctl, log);
    this.ctx = {
      ovs,
      linux,
      ports: new VifPorts(ovs, linux, this.config, log),
      config: this.config,
      log,
      sysfs: new Sysfs(sysfsRoot),
      guard: new OwnershipGuard(links, ovs),
    };
  }

  /** The OVSDB driver, created on first use (no connection at construction; cold start stays light). */
  ovs(): OvsDriver {
    if (!this.driver) {
      const { createOvsDriver } = require('./ovsdb/factory') as typeof import('./ovsdb/factory');
      this.driver = createOvsDriver({
        connection: this.config.ovsdb_connection,
        interface: this.config.ovsdb_interface as 'native' | 'vsctl',
        timeoutSeconds: this.config.ovs_vsctl_timeout > 0 ? this.config.ovs_vsctl_timeout : FOREVER_SECONDS,
        logger: this.log.child({ component: 'ovsdb' }),
        runner: this.runner,
      });
    }
    return this.driver;
  }

  // Each handler reads the VIF first (plan.ts: every input checked, nothing changed yet), then acts on the plan.

  /** Plugs a VIFOpenVSwitch (os-vif's `ovs` plug for this VIF class). */
  @Plug(VIFOpenVSwitch)
  async plugOpenVSwitch(vif: VIFOpenVSwitch, info: InstanceInfo): Promise<void> {
    await this.plug(planPlug(vif, info, this.config));
  }

  /** Unplugs a VIFOpenVSwitch. */
  @Unplug(VIFOpenVSwitch)
  async unplugOpenVSwitch(vif: VIFOpenVSwitch, _info: InstanceInfo): Promise<void> {
    await this.unplug(planUnplug(vif, this.config));
  }

  /** Plugs a VIFBridge (os-vif's `ovs` plug for this VIF class). */
  @Plug(VIFBridge)
  async plugBridge(vif: VIFBridge, info: InstanceInfo): Promise<void> {
    await this.plug(planPlug(vif, info, this.config));
  }

  /** Unplugs a VIFBridge. */
  @Unplug(VIFBridge)
  async unplugBridge(vif: VIFBridge, _info: InstanceInfo): Promise<void> {
    await this.unplug(planUnplug(vif, this.config));
  }

  /** Plugs a VIFVHostUser (os-vif's `ovs` plug for this VIF class). */
  @Plug(VIFVHostUser)
  async plugVhostUser(vif: VIFVHostUser, info: InstanceInfo): Promise<void> {
    await this.plug(planPlug(vif, info, this.config));
  }

  /** Unplugs a VIFVHostUser. */
  @Unplug(VIFVHostUser)
  async unplugVhostUser(vif: VIFVHostUser, _info: InstanceInfo): Promise<void> {
    await this.unplug(planUnplug(vif, this.config));
  }

  /** Plugs a VIFHostDevice (os-vif's `ovs` plug for this VIF class). */
  @Plug(VIFHostDevice)
  async plugHostDevice(vif: VIFHostDevice, info: InstanceInfo): Promise<void> {
    await this.plug(planPlug(vif, info, this.config));
  }

  /** Unplugs a VIFHostDevice. */
  @Unplug(VIFHostDevice)
  async unplugHostDevice(vif: VIFHostDevice, _info: InstanceInfo): Promise<void> {
    await this.unplug(planUnplug(vif, this.config));
  }

  // Host state (src/host-state/): what the marks say is whose, whether a VIF is as plug makes it, gc, readiness.

  /** The VIFs whose host state carries this plugin's ownership marks. */
  @ListOwned()
  owned(): Promise<OwnedVif[]> {
    return listOwned(this.ctx);
  }

  /** How the VIF's host state differs from what plug makes (reads only). */
  @Check(VIFOpenVSwitch, VIFBridge, VIFVHostUser, VIFHostDevice)
  check(vif: VIFBase, info: InstanceInfo): Promise<Discrepancy[]> {
    return checkVif(this.ctx, planPlug(vif, info, this.config));
  }

  /** Removes (or with `dryRun` lists) what this plugin left on the host for one VIF. */
  @Collect()
  collect(target: CollectTarget, options: CollectOptions): Promise<OwnedResource[]> {
    return collectVif(this.ctx, target, options);
  }

  /** Readiness: OVSDB answers a query (a real round trip) and rtnetlink answers a link dump, each within 5 s. */
  @Status()
  status(): Promise<StatusCheck[]> {
    return pluginStatus(this.ctx);
  }

  /** Acts on a plug plan: the path it names (src/paths/). */
  private plug(plan: OvsPlugPlan): Promise<void> {
    return this.onBridge(plan.bridge, () => {
      switch (plan.path) {
        case 'bridge-only':
          return plugBridgeOnly(this.ctx, plan);
        case 'direct':
          return plugDirect(this.ctx, plan);
        case 'per-port-bridge':
          return plugPerPortBridge(this.ctx, plan);
        case 'hybrid':
          return plugHybrid(this.ctx, plan);
        case 'vhost-user':
          return plugVhostUser(this.ctx, plan);
        case 'host-device':
          return plugHostDevice(this.ctx, plan);
      }
    });
  }

  /** Acts on an unplug plan. */
  private unplug(plan: OvsUnplugPlan): Promise<void> {
    return this.onBridge(plan.bridge, () => {
      switch (plan.path) {
        case 'direct-or-hybrid':
          return unplugDirectOrHybrid(this.ctx, plan);
        case 'per-port-bridge':
          return unplugPerPortBridge(this.ctx, plan);
        case 'hybrid':
          return unplugHybrid(this.ctx, plan);
        case 'vhost-user':
          return unplugVhostUser(this.ctx, plan);
        case 'host-device':
          return unplugHostDevice(this.ctx, plan);
      }
    });
  }

  /**
   * Plugs and unplugs on one trunk bridge run one at a time: unplug deletes a tbr-
   * bridge once empty, which must not race a plug adding a port to it.
   */
  private onBridge(bridge: string, fn: () => Promise<void>): Promise<void> {
    return isTrunkBridge(bridge) ? this.locks.withLock(`osvif-ovs-trunk-bridge-${bridge}`, fn) : fn();
  }

  /** Called by runtime.close(): releases the OVSDB connection. */
  async dispose(): Promise<void> {
    const driver = this.driver;
    this.driver = undefined;
    await driver?.close();
  }
}
