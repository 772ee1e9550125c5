// `npm run sandbox`: the main job end to end, without touching this machine's
// own network: a fresh namespace + private userspace OVS, the runtime with the
// installed plugins, HostInfo, one VIF of each kind plugged, the resulting
// state, everything unplugged, the sandbox removed (also on failure, Ctrl-C or
// SIGTERM).
//
//   node apps/sandbox/dist/main.js [--json] [--hold] [--debug]
//     --json   one JSON document on stdout instead of the text report
//     --hold   after plugging, wait (Ctrl-C continues: unplug and remove)
//     --debug  the runtime's JSON logs on stderr at debug level
import { describeError, errorLine } from '@osvif/objects';
import { instanceInfo } from '@osvif/conformance';
import { captureState, StateSnapshot } from '@osvif/conformance';
import { createSandbox, Sandbox } from './environment';
import { hostInfoLines, OperationResult, operationLines, stateLines } from './report';
import { DemoVif, demoVifs } from './vifs';

const USAGE = `usage: node apps/sandbox/dist/main.js [--json] [--hold] [--debug]
  --json   print one JSON document instead of the text report
  --hold   after plugging, wait for Ctrl-C, then unplug and remove the sandbox
  --debug  runtime logs (JSON lines) on stderr at debug level`;

class UsageError extends Error {}

interface Flags {
  readonly json: boolean;
  readonly hold: boolean;
  readonly debug: boolean;
}

function parseFlags(argv: readonly string[]): Flags | 'help' {
  const known = new Set(['--json', '--hold', '--debug', '--help', '-h']);
  const bad = argv.filter((a) => !known.has(a));
  if (bad.length) throw new UsageError(`unknown argument${bad.length > 1 ? 's' : ''}: ${bad.join(' ')}`);
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  return { json: argv.includes('--json'), hold: argv.includes('--hold'), debug: argv.includes('--debug') };
}

/** The report's form of describeError: `type` is the class name, `cause` one line (errorLine). */
function reportError(e: unknown): OperationResult['error'] {
  const { name, message } = describeError(e);
  const cause = e instanceof Error && e.cause instanceof Error ? errorLine(e.cause) : undefined;
  return { type: name, message, ...(cause ? { cause } : {}) };
}

async function operate(
  sandbox: Sandbox,
  op: 'plug' | 'unplug',
  demos: readonly DemoVif[],
  loaded: ReadonlySet<string>,
): Promise<OperationResult[]> {
  const out: OperationResult[] = [];
  const info = instanceInfo('sandbox-vm');
  for (const d of demos) {
    const base = {
      label: d.label,
      plugin: d.plugin,
      vifId: d.vif.id,
      vifClass: d.vif.objName,
    };
    if (!loaded.has(d.plugin)) {
      out.push({ ...base, ok: true, skipped: `plugin ${d.plugin} is not installed` });
      continue;
    }
    const t0 = performance.now();
    try {
      await sandbox.runtime[op](d.vif, info);
      out.push({ ...base, ok: true, durationMs: performance.now() - t0 });
    } catch (e) {
      out.push({ ...base, ok: false, durationMs: performance.now() - t0, error: reportError(e) });
    }
  }
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const say = (text: string): void => {
    if (!flags.json) process.stdout.write(`${text}\n`);
  };

  let sandbox: Sandbox | undefined; // eslint-disable-line prefer-const -- the signal handler reads it before it is assigned
  let holding: (() => void) | undefined;
  // Ctrl-C while holding means "done looking": continue. Otherwise (and SIGTERM
  // always) abort: remove the sandbox and exit 128+signal. A second signal exits at
  // once; the namespace and OVS exit hooks still remove what is left.
  let aborting = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (sig === 'SIGINT' && holding) {
      const h = holding;
      holding = undefined;
      h();
      return;
    }
    if (aborting) process.exit(sig === 'SIGINT' ? 130 : 143);
    aborting = true;
    process.stderr.write(`\n${sig}: removing the sandbox...\n`);
    void (sandbox?.dispose() ?? Promise.resolve()).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  say('osvif sandbox: the main job in a throw-away network namespace');
  sandbox = await createSandbox({ logLevel: flags.debug ? 'debug' : 'error' });
  try {
    const { ns, ovs, runtime } = sandbox;
    say(`  namespace   ${ns.name}   (look inside: ip netns exec ${ns.name} ip link)`);
    say(`  OVS         private ovsdb-server + ovs-vswitchd (userspace datapath) in ${ovs.dir}`);
    say(`              ovs-vsctl --db=${ovs.dbEndpoint} show`);

    const plugins = runtime.loadedPlugins();
    const loaded = new Set(plugins.map((p) => p.name));
    const hostInfo = runtime.hostInfo();
    say('');
    say(
      `Installed plugins: ${plugins.map((p) => `${p.name} (${p.origin.packageName ?? 'embedded'}${p.origin.version ? ` ${p.origin.version}` : ''})`).join(', ') || 'none'}`,
    );
    const loadFailures = runtime.failures().map((f) => ({ package: f.packageName, reason: f.reason }));
    for (const f of loadFailures) say(`  failed to load: ${f.package}: ${f.reason}`);
    say('Host info:');
    for (const l of hostInfoLines(hostInfo)) say(l);

    const demos = demoVifs();
    say('');
    say('Plug:');
    const plugged = await operate(sandbox, 'plug', demos, loaded);
    for (const l of operationLines('plug', plugged)) say(l);

    const capture = (): Promise<StateSnapshot> => captureState({ netns: ns.name, ovsdb: ovs.dbEndpoint });
    const state = await capture();
    say('');
    say('State after plug:');
    for (const l of stateLines(state)) say(l);

    if (flags.hold) {
      say('');
      say(`Holding. Look around (ip netns exec ${ns.name} ...); Ctrl-C to unplug and remove the sandbox.`);
      await new Promise<void>((resolve) => (holding = resolve));
    }

    // Unplug what was plugged (even a failed plug may have left something: unplug cleans up), newest first.
    const toUnplug = demos.filter((d, i) => !plugged[i].skipped).reverse();
    say('');
    say('Unplug:');
    const unplugged = await operate(sandbox, 'unplug', toUnplug, loaded);
    for (const l of operationLines('unplug', unplugged)) say(l);
    const after = await capture();
    say('');
    say('State after unplug (the Linux bridge plugin, like os-vif, leaves its bridge for other VIFs):');
    for (const l of stateLines(after)) say(l);

    await sandbox.dispose();
    const ok = [...plugged, ...unplugged].every((r) => r.ok);
    say('');
    say(`Sandbox removed. ${ok ? 'All operations succeeded.' : 'Some operations FAILED (see above).'}`);
    if (flags.json) {
      const doc = {
        namespace: ns.name,
        ovsdb: ovs.dbEndpoint,
        config: sandbox.configText,
        plugins: plugins.map((p) => ({ name: p.name, package: p.origin.packageName, version: p.origin.version })),
        loadFailures,
        hostInfo: hostInfo.toPrimitive(),
        plug: plugged,
        state,
        unplug: unplugged,
        stateAfterUnplug: after,
        removed: true,
        ok,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    }
    return ok ? 0 : 1;
  } finally {
    await sandbox.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`sandbox: ${e.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`sandbox failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
