// Side by side with os-vif 3.0.0: the same VIFs plugged by os-vif (Python,
// in-process privsep, in its namespace), by osvif (in this process, in its
// namespace) and by the built `osvif plug` CLI (run inside a third namespace),
// then links, bridge sysctls, iptables (v4 and v6), addresses and routes compared.
// Both sides use the chain prefix 'osvif' (our default iptables_binary_name).
// Every difference asserted here is an intended one, listed in the README.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { VIFBridge } from '@osvif/objects';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';
import {
  captureState,
  createOsVifSide,
  createOsvifSide,
  diffStates,
  failures,
  formatDiff,
  ParitySide,
  runOnBoth,
  SideConfig,
  StateSnapshot,
} from '@osvif/conformance';
import { LinuxBridgePlugin } from '@osvif/plugin-linux-bridge';
import { addresses, bridgeVif, INSTANCE, routes, VifSpec } from '../helpers';

afterAll(disposeAllNetns);

const REPO = resolve(__dirname, '../../../..');
const CLI = join(REPO, 'packages/runtime/bin/osvif.js');
const SNAPSHOT = { sysctls: true, iptables: true } as const;
const run = promisify(execFile);

type LbOptions = NonNullable<SideConfig['linux_bridge']>;

interface World {
  ref: ParitySide & { runner: { stderr: string } };
  ours: ParitySide;
  cli: TestNetns;
}

/** Three fresh namespaces with the same starting state; always disposed. */
async function inWorld(options: LbOptions, setup: (ns: TestNetns) => Promise<void>, fn: (w: World) => Promise<void>): Promise<void> {
  const config: SideConfig = { linux_bridge: options };
  const sides: Array<{ dispose(): Promise<void> }> = [];
  try {
    const ref = await createOsVifSide({ ovs: false, config, snapshot: SNAPSHOT, iptablesBinaryName: 'osvif' });
    sides.push(ref);
    const ours = await createOsvifSide({ ovs: false, config, snapshot: SNAPSHOT, pluginClasses: [LinuxBridgePlugin] });
    sides.push(ours);
    const cli = await createNetns({ agent: false });
    sides.push(cli);
    for (const ns of [ref.netns, ours.netns, cli]) await setup(ns);
    await fn({ ref: ref as World['ref'], ours, cli });
  } finally {
    await Promise.all(sides.map((s) => s.dispose()));
  }
}

/** `osvif plug` of the built CLI, inside the namespace, one process per VIF (as a host would call it). */
async function cliPlug(w: World, vifs: readonly VIFBridge[]): Promise<Array<{ ok: boolean; stderr: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'osvif-lb-cli-'));
  try {
    const conf = join(dir, 'osvif.conf');
    writeFileSync(conf, `[osvif]\nplugins = @osvif/plugin-linux-bridge\nplugins_required = true\n\n${w.ours.configText}`);
    writeFileSync(join(dir, 'instance.json'), JSON.stringify(INSTANCE.toPrimitive()));
    const out: Array<{ ok: boolean; stderr: string }> = [];
    for (const [i, vif] of vifs.entries()) {
      const file = join(dir, `vif${i}.json`);
      writeFileSync(file, JSON.stringify(vif.toPrimitive()));
      try {
        const r = await run(
          'ip',
          [
            'netns',
            'exec',
            w.cli.name,
            process.execPath,
            CLI,
            'plug',
            '--vif',
            file,
            '--instance',
            join(dir, 'instance.json'),
            '--config',
            conf,
          ],
          { cwd: REPO },
        );
        out.push({ ok: true, stderr: r.stderr });
      } catch (e) {
        out.push({ ok: false, stderr: String((e as { stderr?: string }).stderr ?? e) });
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Addresses and routes are not in the harness snapshot: compared here. */
async function l3(ns: TestNetns, devs: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { routes: await routes(ns) };
  for (const d of devs) out[d] = (await exists(ns, d)) ? await addresses(ns, d) : null;
  return out;
}
async function exists(ns: TestNetns, dev: string): Promise<boolean> {
  return (await ns.exec('ip', ['link', 'show', 'dev', dev])).exitCode === 0;
}

async function cliState(w: World): Promise<StateSnapshot> {
  return captureState({ netns: w.cli.name, ...SNAPSHOT });
}

/** veth "physical" interface with an address and via-routes. */
function physical(name = 'eth9', o: { secondary?: boolean; address?: boolean } = {}) {
  return async (ns: TestNetns): Promise<void> => {
    await ns.check('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`]);
    await ns.check('ip', ['link', 'set', name, 'up']);
    await ns.check('ip', ['link', 'set', `${name}p`, 'up']);
    if (o.address === false) return;
    await ns.check('ip', ['addr', 'add', '10.0.0.5/24', 'brd', '10.0.0.255', 'dev', name]);
    if (o.secondary) await ns.check('ip', ['addr', 'add', '10.0.0.6/24', 'dev', name]);
    await ns.check('ip', ['route', 'add', '192.168.5.0/24', 'via', '10.0.0.1', 'dev', name]);
    await ns.check('ip', ['route', 'add', 'default', 'via', '10.0.0.1', 'metric', '50']);
  };
}
const nothing = async (): Promise<void> => undefined;
const both =
  (...fs: Array<(ns: TestNetns) => Promise<void>>) =>
  async (ns: TestNetns) => {
    for (const f of fs) await f(ns);
  };

interface Scenario {
  name: string;
  options?: LbOptions;
  setup?: (ns: TestNetns) => Promise<void>;
  /** VIFs plugged in order; both sides are compared after each step. */
  steps: VifSpec[][];
  /** Links whose addresses are compared (default: eth9 and the bridges). */
  l3?: string[];
  /** Extra assertions on the final osvif state. */
  check?: (state: StateSnapshot) => void;
}

const forwardRules = (state: StateSnapshot): readonly string[] =>
  (state.iptables?.v4.filter ?? []).filter((l) => l.startsWith('-A osvif-FORWARD'));

// Scenarios sharing a config share a world (fresh namespaces per scenario) to keep the suite fast.
const SAME: Scenario[] = [
  {
    name: 'default config: bridge on network.bridge_interface (addresses, via-routes, MTU from the network), lone bridge, has_traffic_filtering true, multi_host and should_provide_bridge false as no-ops, idempotent re-plug',
    setup: physical(),
    steps: [
      [{ bridgeInterface: 'eth9', mtu: 1400, filtering: false }],
      [
        { bridge: 'brq2', filtering: false },
        { bridge: 'brq3', filtering: true },
        { bridge: 'brq4', multiHost: true, filtering: false },
        { bridge: 'brq5', provideBridge: false, filtering: false },
      ],
      // os-vif: one process; CLI: one process per plug.
      [
        { bridgeInterface: 'eth9', mtu: 1400, filtering: false },
        { bridge: 'brq2', filtering: false },
      ],
    ],
    l3: ['eth9', 'brq1', 'brq2'],
    check: (state) => {
      expect(Object.keys(state.links)).toEqual(expect.arrayContaining(['brq1', 'brq2', 'brq3']));
      expect(Object.keys(state.links)).not.toEqual(expect.arrayContaining(['brq4']));
      expect(Object.keys(state.links)).not.toEqual(expect.arrayContaining(['brq5']));
      expect(state.links.eth9).toMatchObject({ master: 'brq1', mtu: 1400 });
      expect(forwardRules(state).filter((r) => r.includes('brq3'))).toEqual([]); // has_traffic_filtering true
      expect(forwardRules(state)).toHaveLength(6);
    },
  },
  {
    name: 'flat_interface from the config, MTU from network_device_mtu',
    options: { flat_interface: 'eth8', network_device_mtu: 1450 },
    setup: physical('eth8'),
    steps: [[{ filtering: false }]],
    l3: ['eth8', 'brq1'],
    check: (state) => expect(state.links.eth8).toMatchObject({ master: 'brq1', mtu: 1450 }),
  },
  {
    name: 'use_ipv6 (ip6tables chains too), drop action REJECT',
    options: { use_ipv6: true, iptables_drop_action: 'REJECT', forward_bridge_interface: ['all'] },
    setup: physical(),
    steps: [[{ bridgeInterface: 'eth9', filtering: false }], [{ bridgeInterface: 'eth9', filtering: false }]],
    check: (state) => {
      expect(forwardRules(state)).toHaveLength(3);
      expect(forwardRules(state)).toContain('-A osvif-FORWARD -o brq1 -j REJECT --reject-with icmp-port-unreachable');
      expect(state.iptables!.v6.filter).toContain('-A FORWARD -j osvif-FORWARD');
    },
  },
  {
    name: 'top/bottom regex with pre-existing foreign rules (other tables untouched)',
    options: { iptables_top_regex: '-i top', iptables_bottom_regex: '-i bottom' },
    setup: async (ns) => {
      for (const args of [
        ['-A', 'FORWARD', '-i', 'foreign0', '-j', 'ACCEPT'],
        ['-A', 'FORWARD', '-i', 'top1', '-j', 'ACCEPT'],
        ['-A', 'FORWARD', '-i', 'bottom1', '-j', 'DROP'],
        ['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'],
        ['-t', 'raw', '-A', 'PREROUTING', '-i', 'foreign1', '-j', 'NOTRACK'],
        ['-t', 'nat', '-A', 'POSTROUTING', '-o', 'foreign2', '-j', 'MASQUERADE'],
      ])
        await ns.check('iptables', args);
      await ns.check('ip6tables', ['-A', 'FORWARD', '-i', 'foreign6', '-j', 'ACCEPT']);
    },
    steps: [[{ filtering: false }, { bridge: 'brq2', filtering: false }]],
    check: (state) => {
      const forward = state.iptables!.v4.filter!.filter((l) => l.startsWith('-A FORWARD '));
      expect(forward[0]).toBe('-A FORWARD -i top1 -j ACCEPT');
      expect(forward[forward.length - 1]).toBe('-A FORWARD -i bottom1 -j DROP');
    },
  },
];

describe('linux_bridge parity with os-vif 3.0.0: the same result', () => {
  it.each(SAME.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    await inWorld(s.options ?? {}, s.setup ?? nothing, async (w) => {
      let n = 0;
      // os-vif reads network.bridge_interface unguarded: give it explicitly (null) where there is none.
      const steps = s.steps.map((step) =>
        step.map((v) => bridgeVif({ bridgeInterface: null, ...v, id: `b679325f-ca89-4ee0-a8be-6db1409b6${String(n++).padStart(3, '0')}` })),
      );
      const devs = s.l3 ?? ['eth9', 'brq1', 'brq2'];
      let last: StateSnapshot | undefined;
      for (const vifs of steps) {
        const step = await runOnBoth(w.ref, w.ours, 'plug', vifs, INSTANCE);
        expect(failures(step.reference)).toBe('');
        expect(failures(step.candidate)).toBe('');
        expect(step.report).toBe(formatDiff([], ['os-vif 3.0.0', 'osvif'])); // readable on failure
        expect(step.diff).toEqual([]);
        expect(await l3(w.ours.netns, devs)).toEqual(await l3(w.ref.netns, devs));
        last = step.referenceState;
      }
      s.check?.(last!);
      // The same through the CLI, one process per VIF.
      expect((await cliPlug(w, steps.flat())).filter((r) => !r.ok)).toEqual([]);
      expect(diffStates(last, await cliState(w))).toEqual([]);
      expect(await l3(w.cli, devs)).toEqual(await l3(w.ref.netns, devs));
    });
  });
});

describe('linux_bridge parity with os-vif 3.0.0: intended differences', () => {
  it('forward_bridge_interface list: os-vif installs "-o BR -j DROP" twice (two spellings), we once', async () => {
    await inWorld({ forward_bridge_interface: ['eth9', 'eth8'] }, nothing, async (w) => {
      const vifs = [bridgeVif({ bridgeInterface: null, filtering: false })];
      const step = await runOnBoth(w.ref, w.ours, 'plug', vifs, INSTANCE);
      expect(failures(step.reference) + failures(step.candidate)).toBe('');
      const theirs = step.referenceState.iptables!.v4.filter!;
      const dup = '-A osvif-FORWARD -o brq1 -j DROP';
      expect(theirs.filter((l) => l === dup)).toHaveLength(2);
      const expected = [...theirs];
      expected.splice(expected.indexOf(dup), 1);
      expect(step.diff).toEqual([{ path: 'iptables.v4.filter', left: theirs, right: expected }]);
      expect(step.candidateState.iptables!.v4.filter).toEqual(
        expect.arrayContaining([
          '-A osvif-FORWARD -i brq1 -o eth9 -j ACCEPT',
          '-A osvif-FORWARD -i eth8 -o brq1 -j ACCEPT',
          '-A osvif-FORWARD -i brq1 -o brq1 -j ACCEPT',
          '-A osvif-FORWARD -i brq1 -j DROP',
        ]),
      );
      expect((await cliPlug(w, vifs)).filter((r) => !r.ok)).toEqual([]);
      expect(diffStates(step.candidateState, await cliState(w))).toEqual([]);
    });
  });

  it('D20: a secondary address is moved to the bridge (os-vif drops it)', async () => {
    await inWorld({}, physical('eth9', { secondary: true }), async (w) => {
      const vifs = [bridgeVif({ bridgeInterface: 'eth9', filtering: false })];
      const step = await runOnBoth(w.ref, w.ours, 'plug', vifs, INSTANCE);
      expect(failures(step.reference) + failures(step.candidate)).toBe('');
      expect(step.diff).toEqual([]);
      expect(await addresses(w.ref.netns, 'brq1')).toEqual(['10.0.0.5/24']);
      expect(await addresses(w.ours.netns, 'brq1')).toEqual(['10.0.0.5/24', '10.0.0.6/24 secondary']);
      for (const ns of [w.ref.netns, w.ours.netns]) expect(await addresses(ns, 'eth9')).toEqual([]);
      expect(await routes(w.ours.netns)).toEqual(await routes(w.ref.netns));
      expect((await cliPlug(w, vifs)).filter((r) => !r.ok)).toEqual([]);
      expect(await l3(w.cli, ['eth9', 'brq1'])).toEqual(await l3(w.ours.netns, ['eth9', 'brq1']));
    });
  });

  it('D9/D45, unset has_traffic_filtering and bridge_interface: unset means false / none (os-vif fails reading them), giving what os-vif does with the values set', async () => {
    await inWorld({}, physical(), async (w) => {
      const noFiltering = bridgeVif({ bridgeInterface: 'eth9', id: 'b679325f-ca89-4ee0-a8be-6db1409b6001' });
      const noInterface = bridgeVif({ bridge: 'brq2', filtering: false, id: 'b679325f-ca89-4ee0-a8be-6db1409b6002' });
      expect(noFiltering.isSet('has_traffic_filtering')).toBe(false);
      expect(noInterface.network?.isSet('bridge_interface')).toBe(false);
      const step = await runOnBoth(w.ref, w.ours, 'plug', [noFiltering, noInterface], INSTANCE);
      expect(failures(step.reference)).toMatch(/^#0: .*has_traffic_filtering.*; #1: .*Cannot load 'bridge_interface'/s);
      expect(failures(step.candidate)).toBe('');
      const explicit = [
        bridgeVif({ bridgeInterface: 'eth9', filtering: false }),
        bridgeVif({ bridge: 'brq2', bridgeInterface: null, filtering: false }),
      ];
      for (const v of explicit) expect(await w.ref.plug(v, INSTANCE)).toMatchObject({ ok: true });
      const reference = await w.ref.snapshot();
      expect(diffStates(reference, await w.ours.snapshot())).toEqual([]);
      expect((await cliPlug(w, [noFiltering, noInterface])).filter((r) => !r.ok)).toEqual([]);
      expect(diffStates(reference, await cliState(w))).toEqual([]);
    });
  });

  it('a regex that matches a chain declaration: os-vif moves the declaration and its next restore fails; ours sees rules only', async () => {
    // 'bottom' also matches ":nova-postrouting-bottom - [0:0]", which os-vif then writes after the rules using it.
    const foreign = async (ns: TestNetns): Promise<void> => {
      await ns.check('iptables', ['-A', 'FORWARD', '-i', 'bottom1', '-j', 'DROP']);
    };
    await inWorld({ iptables_bottom_regex: 'bottom' }, foreign, async (w) => {
      const vifs = [
        bridgeVif({ bridgeInterface: null, filtering: false }),
        bridgeVif({ bridge: 'brq2', bridgeInterface: null, filtering: false }),
      ];
      const step = await runOnBoth(w.ref, w.ours, 'plug', vifs, INSTANCE);
      expect(step.reference[0]!.ok).toBe(true);
      expect(failures(step.reference)).toMatch(/^#1: .*iptables-restore.*No chain\/target\/match by that name/s);
      expect(failures(step.candidate)).toBe('');
      const filter = step.candidateState.iptables!.v4.filter!;
      for (const br of ['brq1', 'brq2'])
        expect(filter).toEqual(expect.arrayContaining([`-A osvif-FORWARD -i ${br} -j ACCEPT`, `-A osvif-FORWARD -o ${br} -j DROP`]));
      expect(filter.filter((l) => l.startsWith('-A FORWARD ')).pop()).toBe('-A FORWARD -i bottom1 -j DROP'); // last of FORWARD
      expect((await cliPlug(w, vifs)).filter((r) => !r.ok)).toEqual([]);
      expect(diffStates(step.candidateState, await cliState(w))).toEqual([]);
    });
  });

  it('D21: a foreign rule that merely contains the chain prefix stays (os-vif deletes it)', async () => {
    const foreign = async (ns: TestNetns): Promise<void> => {
      await ns.check('iptables', ['-A', 'FORWARD', '-i', 'osvif9', '-j', 'ACCEPT']);
    };
    await inWorld({}, foreign, async (w) => {
      const vifs = [bridgeVif({ bridgeInterface: null, filtering: false })];
      const step = await runOnBoth(w.ref, w.ours, 'plug', vifs, INSTANCE);
      expect(failures(step.reference) + failures(step.candidate)).toBe('');
      const theirs = step.referenceState.iptables!.v4.filter!;
      const ours = step.candidateState.iptables!.v4.filter!;
      expect(theirs).not.toContain('-A FORWARD -i osvif9 -j ACCEPT');
      expect(step.diff).toEqual([{ path: 'iptables.v4.filter', left: theirs, right: ours }]);
      // Ours is theirs plus the foreign rule, after our jumps.
      const i = ours.indexOf('-A FORWARD -i osvif9 -j ACCEPT');
      expect(ours[i - 1]).toBe('-A FORWARD -j osvif-FORWARD');
      expect(ours.filter((_l, j) => j !== i)).toEqual(theirs);
      expect((await cliPlug(w, vifs)).filter((r) => !r.ok)).toEqual([]);
      expect(diffStates(step.candidateState, await cliState(w))).toEqual([]);
    });
  });

  it('VLAN: on this kernel both fail and leave nothing (ours: LinkNotSupportedError naming 8021q); D10: with vlan<N> present os-vif crashes with TypeError, we refuse a non-VLAN vlan<N> first', async () => {
    // A veth named vlan200 lets os-vif skip the VLAN creation this kernel cannot do and reach the bug.
    const standIn = (ns: TestNetns) =>
      ns.check('ip', ['link', 'add', 'vlan200', 'type', 'veth', 'peer', 'name', 'vlan200p']).then(() => undefined);
    await inWorld({}, both(physical(), standIn), async (w) => {
      const vlan100 = bridgeVif({
        provideVlan: true,
        vlan: 100,
        bridgeInterface: 'eth9',
        filtering: false,
        id: 'b679325f-ca89-4ee0-a8be-6db1409b6100',
      });
      const vlan200 = bridgeVif({
        bridge: 'brq2',
        provideVlan: true,
        vlan: 200,
        bridgeInterface: 'eth9',
        filtering: false,
        id: 'b679325f-ca89-4ee0-a8be-6db1409b6200',
      });
      const before = await w.ours.snapshot();
      const step = await runOnBoth(w.ref, w.ours, 'plug', [vlan100, vlan200], INSTANCE);
      expect(step.reference[0]!.ok).toBe(false); // os-vif: NetlinkError EOPNOTSUPP from pyroute2
      expect(step.candidate[0]).toMatchObject({ ok: false, error: { type: 'PlugFailedError', cause: { type: 'LinkNotSupportedError' } } });
      expect(failures(step.candidate.slice(0, 1))).toMatch(/8021q VLAN/);
      expect(failures(step.reference.slice(1))).toMatch(/TypeError.*missing 1 required positional argument: 'gateway'/);
      expect(step.candidate[1]).toMatchObject({ ok: false, error: { cause: { type: 'LinkKindMismatchError' } } });
      expect(step.diff).toEqual([]);
      expect(diffStates(before, step.candidateState)).toEqual([]);
      const [cli100, cli200] = await cliPlug(w, [vlan100, vlan200]);
      expect(cli100).toMatchObject({ ok: false, stderr: expect.stringMatching(/8021q VLAN/) });
      expect(cli200).toMatchObject({ ok: false, stderr: expect.stringMatching(/vlan200 exists but is a veth/) });
      expect(diffStates(before, await cliState(w))).toEqual([]);
    });
  });
});
