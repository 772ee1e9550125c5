// The runtime with plugin classes given directly: DI, acceptance checks before
// any handler runs, error wrapping, per-VIF serialisation, logs, host_info.
import {
  CLOCK,
  Clock,
  COMMAND_RUNNER,
  CommandRunner,
  Consumes,
  defineOptions,
  HostCommandFailedError,
  inject,
  LINK_API,
  LinkApi,
  LOCKS,
  LockService,
  LOGGER,
  Logger,
  Plug,
  PLUGIN_CONFIG,
  PluginError,
  SYSCTL,
  Sysctl,
  typedConfig,
  Unplug,
  VifPlugin,
} from '@osvif/sdk';
import {
  InstanceInfo,
  VIFBase,
  VIFBridge,
  VIFOpenVSwitch,
  VIFPortProfileFPOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFVHostUser,
} from '@osvif/objects';
import {
  Config,
  InvalidVifInputError,
  LibraryNotInitializedError,
  OsVifRuntime,
  PlugFailedError,
  PluginNotLoadedError,
  PortProfileNotAcceptedError,
  PortProfileVersionNotAcceptedError,
  StreamLogger,
  UnplugFailedError,
  VifClassNotAcceptedError,
  VifVersionNotAcceptedError,
} from '@osvif/runtime';
import { lazy, lazyService } from '../../src/core/services/lazy';
import { NoOpPlugin } from '@osvif/plugin-noop';

const VIF_ID = '8e1a2d0c-0b59-4c5e-9d43-6a3f5c0d7b11';
const IFACE_ID = '1f0e7c0c-2b1d-4c8e-8e0b-0a7d1c9b3f22';
const INSTANCE = { uuid: 'f0000000-0000-4000-8000-000000000001', name: 'vm1', project_id: 'p' };
const info = () => new InstanceInfo(INSTANCE);

/** Collects log records (JSON) in memory. */
function memoryLogger(level: 'debug' | 'info' = 'info'): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  return {
    logger: new StreamLogger({ level, json: true, sink: { write: (l) => records.push(JSON.parse(l) as Record<string, unknown>) } }),
    records,
  };
}

const OPTIONS = defineOptions({
  mtu: { type: 'int', default: 1500, deprecatedGroup: 'DEFAULT', help: 'MTU' },
  label: { type: 'str', help: 'free text' },
});

/** Records what it is given and every call, so tests can prove a handler never ran. */
@VifPlugin({ name: 'recorder', options: OPTIONS })
@Consumes(VIFOpenVSwitch, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.2 - 1.4']] })
@Consumes(VIFVHostUser, '1.1')
class RecorderPlugin {
  static calls: string[] = [];
  readonly config;
  constructor(
    @inject(LOGGER) readonly log: Logger,
    @inject(PLUGIN_CONFIG) raw: Readonly<Record<string, unknown>>,
    @inject(LINK_API) readonly links: LinkApi,
    @inject(SYSCTL) readonly sysctl: Sysctl,
    @inject(LOCKS) readonly locks: LockService,
    @inject(CLOCK) readonly clock: Clock,
    @inject(COMMAND_RUNNER) readonly commands: CommandRunner,
  ) {
    this.config = typedConfig(OPTIONS, raw);
  }

  @Plug(VIFOpenVSwitch)
  async plugOvs(vif: VIFOpenVSwitch, info: InstanceInfo): Promise<void> {
    RecorderPlugin.calls.push(`plug-ovs ${vif.id} ${info.name}`);
    if (vif.getIfSet('vif_name') === 'fail') throw new PluginError('bridge on fire');
    if (vif.getIfSet('vif_name') === 'cmd') {
      const r = await this.commands.run('/bin/false', []);
      throw new HostCommandFailedError('/bin/false', [], r.exitCode, r.stderr);
    }
  }

  @Plug(VIFBase)
  async plugOther(vif: VIFBase): Promise<void> {
    RecorderPlugin.calls.push(`plug-other ${vif.id}`);
  }

  @Unplug(VIFBase)
  async unplug(vif: VIFBase): Promise<void> {
    RecorderPlugin.calls.push(`unplug ${vif.id}`);
    if (vif.getIfSet('plugin') === 'recorder' && (vif as VIFOpenVSwitch).getIfSet('vif_name') === 'fail') throw new Error('stuck');
  }
}

function ovsVif(vifName = 'tap0', profile: object = new VIFPortProfileOpenVSwitch({ interface_id: IFACE_ID })): VIFOpenVSwitch {
  return new VIFOpenVSwitch({ id: VIF_ID, plugin: 'recorder', vif_name: vifName, bridge_name: 'br-int', port_profile: profile as never });
}

beforeEach(() => {
  RecorderPlugin.calls = [];
});

describe('OsVifRuntime', () => {
  it('refuses every operation before initialize (os-vif LibraryNotInitialized)', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger: memoryLogger().logger });
    expect(() => rt.hostInfo()).toThrow(LibraryNotInitializedError);
    await expect(rt.plug(ovsVif(), info())).rejects.toBeInstanceOf(LibraryNotInitializedError);
    await expect(rt.unplug(ovsVif(), info())).rejects.toBeInstanceOf(LibraryNotInitializedError);
  });

  it('injects services, a child logger and the typed config group into each plugin', async () => {
    const { logger, records } = memoryLogger();
    const config = Config.fromText('[DEFAULT]\nmtu = 9000\n[os_vif_recorder]\nlabel = "hello"\n[nova]\nunrelated = 1\n', 'nova.conf');
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin, NoOpPlugin], logger, config });
    await rt.initialize();
    const p = rt.loadedPlugins().find((x) => x.name === 'recorder')!.instance as RecorderPlugin;
    expect(p.config).toEqual({ mtu: 9000, label: 'hello' });
    expect(typeof p.links.createBridge).toBe('function');
    expect(typeof p.sysctl.write).toBe('function');
    expect(p.clock.now()).toBeGreaterThan(0);
    const order: string[] = [];
    await Promise.all([
      p.locks.withLock('x', async () => {
        await p.clock.sleep(20);
        order.push('first');
      }),
      p.locks.withLock('x', async () => {
        order.push('second');
      }),
    ]);
    expect(order).toEqual(['first', 'second']);
    const r = await p.commands.run('/bin/sh', ['-c', 'echo "$0"; exit 3', 'a b;c']);
    expect(r).toEqual({ stdout: 'a b;c\n', stderr: '', exitCode: 3 });
    p.log.info('from plugin', { k: 1 });
    expect(records.find((x) => x.msg === 'from plugin')).toMatchObject({ plugin: 'recorder', k: 1, level: 30 });
    // Each plugin has its own child container: noop got its own logger binding.
    const noop = rt.loadedPlugins().find((x) => x.name === 'noop')!.instance as unknown as { log: Logger };
    noop.log.info('from noop');
    expect(records.find((x) => x.msg === 'from noop')).toMatchObject({ plugin: 'noop' });
  });

  it('loads once for concurrent initialize calls, and again on reset', async () => {
    let built = 0;
    @VifPlugin({ name: 'counted' })
    @Consumes(VIFBridge, '^1.0')
    class Counted {
      constructor() {
        built++;
      }
      @Plug(VIFBridge) p(): void {}
      @Unplug(VIFBridge) u(): void {}
    }
    const rt = new OsVifRuntime({ pluginClasses: [Counted], logger: memoryLogger().logger });
    await Promise.all([rt.initialize(), rt.initialize(), rt.initialize()]);
    expect(built).toBe(1);
    await rt.initialize(true);
    expect(built).toBe(2);
    await rt.close();
    expect(() => rt.hostInfo()).toThrow(LibraryNotInitializedError);
  });

  it('creates lazily registered services on first call only', async () => {
    let created = 0;
    const lazy = lazyService<Sysctl>(() => {
      created++;
      return { read: async () => 'v', write: async () => true };
    });
    expect(created).toBe(0);
    expect(String(lazy[Symbol.toStringTag as never])).toBe('undefined'); // inspection does not create
    await expect(Promise.resolve(lazy)).resolves.toBe(lazy); // neither does awaiting it
    expect(created).toBe(0);
    expect(await lazy.read(['net'])).toBe('v');
    expect(await lazy.write(['net'], 1)).toBe(true);
    expect(created).toBe(1);
  });

  it('closes a lazy service only if it was created', async () => {
    let closed = 0;
    const make = () => ({ ping: () => 'pong', close: () => void closed++ });
    const unused = lazy(make);
    await unused.close();
    expect([unused.created(), closed]).toEqual([false, 0]);
    const used = lazy(make);
    expect(used.proxy.ping()).toBe('pong');
    await used.close();
    expect([used.created(), closed]).toEqual([true, 1]);
  });

  it('returns HostInfo sorted by plugin name and filtered as os-vif', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin, NoOpPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    expect(rt.hostInfo().plugin_info.map((p) => p.plugin_name)).toEqual(['noop', 'recorder']);
    const onlyVhu = rt.hostInfo(['VIFVHostUser']);
    expect(onlyVhu.plugin_info.map((p) => [p.plugin_name, p.vif_info.map((v) => v.vif_object_name)])).toEqual([
      ['noop', ['VIFVHostUser']],
      ['recorder', ['VIFVHostUser']],
    ]);
    expect(rt.hostInfo([]).plugin_info).toEqual([]);
    // Fresh objects every call: filtering one does not touch the next.
    expect(rt.hostInfo().plugin_info[1].vif_info).toHaveLength(2);
  });

  it('plugs objects and primitives, dispatching to the most specific handler', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    await rt.plug(ovsVif(), new InstanceInfo(INSTANCE));
    await rt.plug(ovsVif().toPrimitive(), info());
    const vhu = new VIFVHostUser({ id: VIF_ID, plugin: 'recorder', vif_name: 'vhu0', path: '/tmp/s', mode: 'client' });
    await rt.plug(vhu.toPrimitive(), new InstanceInfo(INSTANCE).toPrimitive());
    await rt.unplug(vhu, info());
    expect(RecorderPlugin.calls).toEqual([`plug-ovs ${VIF_ID} vm1`, `plug-ovs ${VIF_ID} vm1`, `plug-other ${VIF_ID}`, `unplug ${VIF_ID}`]);
  });

  it('rejects VIF classes, versions and port profiles outside the declarations before any handler runs', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    // The wire version is what counts: a VIFVHostUser 1.0 primitive is refused (recorder accepts 1.1 only).
    const old = new VIFVHostUser({ id: VIF_ID, plugin: 'recorder', path: '/tmp/s', mode: 'client' }).toPrimitive('1.0');
    await expect(rt.plug(old, info())).rejects.toMatchObject({
      name: 'VifVersionNotAcceptedError',
      plugin: 'recorder',
      objName: 'VIFVHostUser',
      version: '1.0',
      acceptedRange: '1.1',
    });
    await expect(rt.unplug(old, info())).rejects.toBeInstanceOf(VifVersionNotAcceptedError);
    // A class the plugin does not consume.
    const bridgeLike = { ...ovsVif().toPrimitive(), 'versioned_object.name': 'VIFBridge' };
    await expect(rt.plug(bridgeLike, info())).rejects.toBeInstanceOf(VifClassNotAcceptedError);
    // Profile at 1.1, outside 1.2 - 1.4.
    const oldProfile = ovsVif().toPrimitive('1.0', { VIFPortProfileBase: '1.1', VIFPortProfileOpenVSwitch: '1.1' });
    const p = oldProfile['versioned_object.data'].port_profile as Record<string, unknown>;
    p['versioned_object.version'] = '1.1';
    await expect(rt.plug(oldProfile, info())).rejects.toMatchObject({
      name: 'PortProfileVersionNotAcceptedError',
      objName: 'VIFPortProfileOpenVSwitch',
      version: '1.1',
      acceptedRange: '1.2 - 1.4',
    });
    // A profile subclass that was not declared is refused (acceptance is by exact class, as HostInfo advertises).
    const fp = ovsVif('tap0', new VIFPortProfileFPOpenVSwitch({ interface_id: IFACE_ID, bridge_name: 'br0' }));
    await expect(rt.plug(fp, info())).rejects.toBeInstanceOf(PortProfileNotAcceptedError);
    await expect(rt.plug(oldProfile, info())).rejects.toBeInstanceOf(PortProfileVersionNotAcceptedError);
    expect(RecorderPlugin.calls).toEqual([]);
  });

  it('logs rejected operations with their reason', async () => {
    const { logger, records } = memoryLogger();
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger });
    await rt.initialize();
    const old = new VIFVHostUser({ id: VIF_ID, plugin: 'recorder', path: '/tmp/s', mode: 'client' }).toPrimitive('1.0');
    await expect(rt.plug(old, info())).rejects.toBeInstanceOf(VifVersionNotAcceptedError);
    expect(records.find((r) => r.operation === 'plug')).toMatchObject({
      level: 50,
      vif_id: VIF_ID,
      plugin: 'recorder',
      outcome: 'rejected',
      error: { code: 'VIF_VERSION_NOT_ACCEPTED', name: 'VifVersionNotAcceptedError' },
    });
  });

  it('names unknown plugins and bad input with typed errors', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    const other = new VIFOpenVSwitch({ id: VIF_ID, plugin: 'ovs', vif_name: 'x' });
    await expect(rt.plug(other, info())).rejects.toMatchObject({ name: 'PluginNotLoadedError', pluginName: 'ovs' });
    await expect(rt.plug(other, info())).rejects.toBeInstanceOf(PluginNotLoadedError);
    await expect(rt.plug(new VIFOpenVSwitch({ id: VIF_ID }), info())).rejects.toBeInstanceOf(InvalidVifInputError);
    await expect(rt.plug('nope', info())).rejects.toBeInstanceOf(InvalidVifInputError);
    await expect(rt.plug(INSTANCE_PRIMITIVE(), info())).rejects.toMatchObject({ name: 'InvalidVifInputError', what: 'vif' });
    await expect(rt.plug(ovsVif(), ovsVif())).rejects.toMatchObject({ name: 'InvalidVifInputError', what: 'instance_info' });
    await expect(rt.plug({ 'versioned_object.name': 'Nope' }, info())).rejects.toHaveProperty('name');
    expect(RecorderPlugin.calls).toEqual([]);
  });

  it('wraps plugin failures once, keeping the cause, and logs every operation', async () => {
    const { logger, records } = memoryLogger();
    const rt = new OsVifRuntime({ pluginClasses: [RecorderPlugin], logger });
    await rt.initialize();
    const err = await rt.plug(ovsVif('fail'), info()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlugFailedError);
    expect(err).toMatchObject({ vifId: VIF_ID, plugin: 'recorder' });
    expect((err as PlugFailedError).cause).toBeInstanceOf(PluginError);
    expect((err as Error).message).toBe(`Failed to plug VIF ${VIF_ID} with plugin recorder: PluginError: bridge on fire`);
    expect((err as Error).message.match(/Failed to plug/g)).toHaveLength(1);
    const cmdErr = await rt.plug(ovsVif('cmd'), info()).catch((e: unknown) => e);
    expect((cmdErr as PlugFailedError).cause).toMatchObject({ name: 'HostCommandFailedError', exitCode: 1 });
    const uerr = await rt.unplug(ovsVif('fail'), info()).catch((e: unknown) => e);
    expect(uerr).toBeInstanceOf(UnplugFailedError);
    await rt.plug(ovsVif(), info());
    const ops = records.filter((r) => r.operation);
    expect(ops[0]).toMatchObject({
      level: 50,
      vif_id: VIF_ID,
      plugin: 'recorder',
      operation: 'plug',
      outcome: 'error',
      error: { code: 'PLUGIN_ERROR', name: 'PluginError', message: 'bridge on fire' },
    });
    expect(ops[ops.length - 1]).toMatchObject({ level: 30, operation: 'plug', outcome: 'ok' });
    expect(typeof ops[ops.length - 1].duration_ms).toBe('number');
  });
});

function INSTANCE_PRIMITIVE(): unknown {
  return new InstanceInfo(INSTANCE).toPrimitive();
}

describe('operation ordering', () => {
  /** Plugin whose plug waits for a gate, so tests control overlap. */
  @VifPlugin({ name: 'slow' })
  @Consumes(VIFOpenVSwitch, '^1.0')
  class SlowPlugin {
    static events: string[] = [];
    static gates = new Map<string, () => void>();
    @Plug(VIFOpenVSwitch)
    async plug(vif: VIFOpenVSwitch): Promise<void> {
      SlowPlugin.events.push(`start ${vif.vif_name}`);
      await new Promise<void>((resolve) => SlowPlugin.gates.set(vif.vif_name, resolve));
      SlowPlugin.events.push(`end ${vif.vif_name}`);
    }
    @Unplug(VIFOpenVSwitch)
    async unplug(vif: VIFOpenVSwitch): Promise<void> {
      SlowPlugin.events.push(`unplug ${vif.vif_name}`);
    }
  }
  const vif = (id: string, name: string) => new VIFOpenVSwitch({ id, plugin: 'slow', vif_name: name });
  const tick = () => new Promise((r) => setTimeout(r, 10));
  /** Waits (bounded) until the plugin has seen `events`: the runtime reads its records and locks first, on disk. */
  const until = async (events: string[]): Promise<void> => {
    for (let i = 0; i < 500 && !events.every((e) => SlowPlugin.events.includes(e)); i++) await tick();
  };

  beforeEach(() => {
    SlowPlugin.events = [];
    SlowPlugin.gates.clear();
  });

  it('serialises operations on the same VIF id, in arrival order', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [SlowPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    const a = rt.plug(vif(VIF_ID, 'a'), info());
    const b = rt.unplug(vif(VIF_ID, 'b'), info());
    await until(['start a']);
    await tick();
    expect(SlowPlugin.events).toEqual(['start a']); // unplug waits for the plug of the same VIF
    SlowPlugin.gates.get('a')!();
    await Promise.all([a, b]);
    expect(SlowPlugin.events).toEqual(['start a', 'end a', 'unplug b']);
  });

  it('runs different VIFs concurrently', async () => {
    const rt = new OsVifRuntime({ pluginClasses: [SlowPlugin], logger: memoryLogger().logger });
    await rt.initialize();
    const a = rt.plug(vif(VIF_ID, 'a'), info());
    const b = rt.plug(vif(IFACE_ID, 'b'), info());
    await until(['start a', 'start b']);
    expect([...SlowPlugin.events].sort()).toEqual(['start a', 'start b']);
    SlowPlugin.gates.get('b')!();
    await b;
    SlowPlugin.gates.get('a')!();
    await a;
    expect(SlowPlugin.events.slice(2)).toEqual(['end b', 'end a']);
  });
});
