// The sandbox main job end to end, as an operator runs it: the BUILT
// `node apps/sandbox/dist/main.js` (the test command builds before Jest runs). Checks what it plugged for real, that it
// unplugged everything, and that nothing is left afterwards: namespace, OVS
// daemons, temp dir, also when interrupted.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../../..');
const MAIN = join(REPO, 'apps/sandbox/dist/main.js');

function run(file: string, args: string[], timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string; pid?: number }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: REPO, timeout, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        pid: child.pid,
      });
    });
  });
}

async function namespaces(): Promise<string[]> {
  const r = await run('ip', ['-j', 'netns', 'list']);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Array<{ name: string }>).map((n) => n.name) : [];
}

/** Processes whose command line mentions `dir` (the private OVS daemons). */
function processesUsing(dir: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir)) out.push(Number(p));
    } catch {
      // gone
    }
  }
  return out;
}

async function expectRemoved(namespace: string, ovsDir: string): Promise<void> {
  expect(await namespaces()).not.toContain(namespace);
  expect(existsSync(ovsDir)).toBe(false);
  expect(processesUsing(ovsDir)).toEqual([]);
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
});

interface SandboxDoc {
  namespace: string;
  ovsdb: string;
  plugins: Array<{ name: string; package: string }>;
  hostInfo: { 'versioned_object.name': string };
  plug: Array<{ label: string; plugin: string; ok: boolean; skipped?: string; vifId: string }>;
  unplug: Array<{ label: string; ok: boolean }>;
  state: {
    ovs: {
      bridges: Record<string, { ports: string[]; datapath_type: string }>;
      interfaces: Record<string, { type: string; external_ids: Record<string, string> }>;
    };
    links: Record<string, { kind: string; master: string | null; up: boolean }>;
  };
  stateAfterUnplug: { ovs: { bridges: Record<string, { ports: string[] }> }; links: Record<string, unknown> };
  removed: boolean;
  ok: boolean;
}

const ovsDirOf = (doc: { ovsdb: string }): string => doc.ovsdb.replace(/^unix:/, '').replace(/\/db\.sock$/, '');

describe('npm run sandbox (built main.js)', () => {
  it('--json: plugs one VIF of each kind with the installed plugins, unplugs them all, removes the sandbox', async () => {
    const r = await run(process.execPath, [MAIN, '--json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const doc = JSON.parse(r.stdout) as SandboxDoc;
    expect(doc.plugins.map((p) => `${p.name}:${p.package}`)).toEqual([
      'linux_bridge:@osvif/plugin-linux-bridge',
      'noop:@osvif/plugin-noop',
      'ovs:@osvif/plugin-ovs',
    ]);
    expect(doc.hostInfo['versioned_object.name']).toBe('HostInfo');
    expect(doc.plug.map((p) => [p.label, p.ok, p.skipped])).toEqual([
      ['OVS generic', true, undefined],
      ['OVS hybrid', true, undefined],
      ['OVS vhost-user', true, undefined],
      ['Linux bridge flat', true, undefined],
      ['noop', true, undefined],
    ]);
    expect(doc.unplug.every((u) => u.ok)).toBe(true);
    // What the plug really did, inside the sandbox.
    const ids = doc.plug.map((p) => p.vifId);
    const short = (prefix: string, id: string): string => (prefix + id).slice(0, 14);
    const ports = doc.state.ovs.bridges['br-int'].ports;
    expect(ports).toEqual(['br-int', short('qvo', ids[1]), short('tap', ids[0]), short('vhu', ids[2])].sort());
    expect(doc.state.ovs.interfaces[short('vhu', ids[2])].type).toBe('dpdkvhostuserclient');
    expect(doc.state.links[short('tap', ids[0])]).toMatchObject({ kind: 'tun', up: true });
    expect(doc.state.links[short('qvb', ids[1])]).toMatchObject({ kind: 'veth', master: short('qbr', ids[1]) });
    expect(doc.state.links['sbx-uplink']).toMatchObject({ master: 'brq-sandbox' });
    // After unplug: no VIF port, no VIF link (the Linux bridge stays, as in os-vif).
    expect(doc.stateAfterUnplug.ovs.bridges['br-int'].ports).toEqual(['br-int']);
    expect(Object.keys(doc.stateAfterUnplug.links).filter((l) => /^(tap|qbr|qvb|qvo|vhu)/.test(l))).toEqual([]);
    expect(doc.removed).toBe(true);
    expect(doc.ok).toBe(true);
    await expectRemoved(doc.namespace, ovsDirOf(doc));
  });

  it('text mode reads like a report (host info, plug, state, unplug)', async () => {
    const r = await run(process.execPath, [MAIN]);
    expect(r.code).toBe(0);
    for (const heading of [
      'Host info:',
      'Plug:',
      'State after plug:',
      'Unplug:',
      'State after unplug',
      'Sandbox removed. All operations succeeded.',
    ]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/OVS bridge br-int \(datapath netdev\)/);
    const ns = /^\s+namespace\s+(osvif-\S+)/m.exec(r.stdout)![1];
    const dir = /in (\/\S+osvif-ovs-\S+)/.exec(r.stdout)![1];
    await expectRemoved(ns, dir);
  });

  it('rejects unknown arguments with a usage message and touches nothing', async () => {
    const before = await namespaces();
    const r = await run(process.execPath, [MAIN, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown argument: --bogus');
    expect(r.stderr).toContain('usage:');
    // Only the sandbox's own namespaces (osvif-test-<its pid>-...): other Jest workers make theirs meanwhile.
    const mine = (n: string) => n.startsWith(`osvif-test-${r.pid}-`);
    expect((await namespaces()).filter((n) => !before.includes(n) && mine(n))).toEqual([]);
  });

  // A test that fails while the sandbox holds must not leave it running.
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((r) => c.once('close', r));
        c.kill('SIGTERM');
        await gone;
      }
    }
  });

  /** Starts `main.js --hold`, resolves once it holds (after plugging). */
  function startHolding(): Promise<{ child: ChildProcess; out: () => string; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, [MAIN, '--hold'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`sandbox did not reach --hold: ${out}`)), 60_000);
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Holding.')) {
          clearTimeout(t);
          resolve({ child, out: () => out, exited });
        }
      });
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    });
  }

  it('--hold: Ctrl-C continues with unplug and removal (exit 0)', async () => {
    const h = await startHolding();
    const ns = /^\s+namespace\s+(osvif-\S+)/m.exec(h.out())![1];
    const dir = /in (\/\S+osvif-ovs-\S+)/.exec(h.out())![1];
    expect(await namespaces()).toContain(ns);
    h.child.kill('SIGINT');
    expect(await h.exited).toBe(0);
    expect(h.out()).toContain('Sandbox removed.');
    await expectRemoved(ns, dir);
  });

  it('SIGTERM aborts: the sandbox is removed with everything in it (exit 143)', async () => {
    const h = await startHolding();
    const ns = /^\s+namespace\s+(osvif-\S+)/m.exec(h.out())![1];
    const dir = /in (\/\S+osvif-ovs-\S+)/.exec(h.out())![1];
    expect(await namespaces()).toContain(ns);
    expect(processesUsing(dir).length).toBeGreaterThan(0); // the OVS daemons are running
    h.child.kill('SIGTERM');
    expect(await h.exited).toBe(143);
    expect(h.out()).toContain('SIGTERM: removing the sandbox');
    await expectRemoved(ns, dir);
  });
});
