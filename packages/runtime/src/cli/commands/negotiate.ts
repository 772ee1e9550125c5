// `osvif negotiate`: the HostInfo negotiation with a network host (docs/negotiation.md) from a shell, and optionally
// the plug of the VIF it answers: in this process (transport/negotiate-url.ts), or in the daemon with --socket.
import type { Command } from 'commander';
import type { UrlNegotiation, UrlNegotiationOutcome } from '../../transport/negotiate-url';
import { globalFlags, readJson, startRuntime, writeJson } from '../context';
import { UsageError } from '../errors';
import { holdTerminationSignals } from '../signals';

interface NegotiateOpts {
  url: string;
  portId: string;
  host?: string;
  permitted?: string;
  plug?: boolean;
  instance?: string;
  timeout: string;
}

export function registerNegotiateCommand(program: Command): void {
  program
    .command('negotiate')
    .description('negotiate the VIF for a port with a network host (HostInfo exchange) and print the outcome; --plug plugs it')
    .requiredOption(
      '--url <url>',
      'the network host: http://10.0.0.5:9697 (the route /v1/host-info is appended), or amqp://user:pass@broker:5672/vhost?topic=T',
    )
    .requiredOption('--port-id <id>', 'the port to bind (1-255 characters)')
    .option('--host <name>', "this host's name, for the network driver")
    .option('--permitted <names>', 'comma-separated VIF class names to offer (HostInfo.filterVifTypes)')
    .option('--plug', 'plug the VIF the network host answered (needs --instance)')
    .option('--instance <file>', "InstanceInfo primitive JSON file for --plug, '-' for stdin")
    .option('--timeout <ms>', 'time allowed for each exchange', '10000')
    .action(async (opts: NegotiateOpts, cmd: Command) => {
      if (opts.plug && opts.instance === undefined) throw new UsageError('--plug needs --instance FILE');
      if (!opts.plug && opts.instance !== undefined) throw new UsageError('--instance is only used with --plug');
      for (const [flag, value] of [
        ['--port-id', opts.portId],
        ['--host', opts.host],
      ] as const)
        if (value !== undefined && (value.length === 0 || value.length > 255)) throw new UsageError(`${flag} must be 1 to 255 characters`);
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
        throw new UsageError(`--timeout ${JSON.stringify(opts.timeout)} is not a number of ms`);
      const instance = opts.plug ? readJson(opts.instance!) : undefined;
      const flags = globalFlags(cmd);
      const permitted = opts.permitted
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const request: UrlNegotiation = {
        url: opts.url,
        portId: opts.portId,
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(permitted ? { permittedVifTypes: permitted } : {}),
        timeoutMs,
        ...(instance !== undefined ? { plugFor: instance } : {}),
      };
      if (opts.plug) holdTerminationSignals('plug');
      if (flags.socket !== undefined) {
        const { OsVifClient } = require('../../daemon/client') as typeof import('../../daemon/client');
        report(await new OsVifClient({ socketPath: flags.socket }).negotiate(request), flags.json);
        return;
      }
      const runtime = await startRuntime(flags);
      const { negotiateWithUrl } = require('../../transport/negotiate-url') as typeof import('../../transport/negotiate-url');
      try {
        report(await negotiateWithUrl(runtime, request), flags.json);
      } finally {
        await runtime.close();
      }
    });
}

function report(outcome: UrlNegotiationOutcome, json: boolean): void {
  if (json) {
    writeJson({ ok: true, ...outcome });
    return;
  }
  outcome.attempts.forEach((a, i) => {
    const sent = Object.entries(a.sent_versions)
      .map(([name, v]) => `${name} ${v}`)
      .join(', ');
    process.stdout.write(`attempt ${i + 1}: sent ${sent}${a.manifest ? ` (pinned ${JSON.stringify(a.manifest)})` : ''}\n`);
    process.stdout.write(`  answered: ${answerLine(a.reply)}\n`);
  });
  const vif = outcome.vif;
  const profile = ((vif['versioned_object.data'] ?? {}) as Record<string, unknown>).port_profile as Record<string, unknown> | undefined;
  const named = (o: Record<string, unknown>) => `${String(o['versioned_object.name'])} ${String(o['versioned_object.version'])}`;
  process.stdout.write(
    `VIF ${named(vif)}${profile ? ` with ${named(profile)}` : ''} for plugin ${outcome.plugin}${outcome.plugged ? ': plugged' : ''}\n`,
  );
}

function answerLine(reply: unknown): string {
  const r = reply as { vif?: Record<string, unknown>; error?: Record<string, unknown> };
  if (r.vif) return `VIF ${String(r.vif['versioned_object.name'])} ${String(r.vif['versioned_object.version'])}`;
  const e = r.error ?? {};
  if (e.type === 'IncompatibleObjectVersion')
    return `IncompatibleObjectVersion: cannot read ${String(e.object)} ${String(e.version)}, reads up to ${String(e.supported_version)}${e.manifest ? ' (with manifest)' : ''}`;
  return `${String(e.type)}: ${String(e.message)}`;
}
