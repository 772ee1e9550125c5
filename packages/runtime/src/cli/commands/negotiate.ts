// `osvif negotiate`: the HostInfo negotiation with a network host (docs/negotiation.md) from a shell, and optionally
// the plug of the VIF it answers. The transport is chosen by the URL's scheme (HTTP(S) today); every transport is a
// NegotiationTransport, so the negotiator and this command do not change with it.
import type { Command } from 'commander';
import type { NegotiationOutcome, NegotiationTransport } from '@osvif/objects';
import { OsvifError } from '@osvif/objects';
import { globalFlags, readJson, startRuntime, writeJson } from '../context';
import { UsageError } from '../errors';
import { holdTerminationSignals } from '../signals';

/** The network host could not be reached or gave no usable reply (the transport's error is the cause). */
export class NetworkHostUnreachableError extends OsvifError {
  static readonly code = 'NETWORK_HOST_UNREACHABLE';
  constructor(
    readonly url: string,
    cause: Error,
  ) {
    super(NetworkHostUnreachableError.code, `cannot negotiate with ${url}: ${cause.message}`, { cause });
  }
}

interface NegotiateOpts {
  url: string;
  portId: string;
  host?: string;
  permitted?: string;
  plug?: boolean;
  instance?: string;
  timeout: string;
}

/** The URL as errors may show it: a password replaced by `***`. */
function withoutPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** HTTP(S), or AMQP (amqp:, amqps:, rabbit:, oslo.messaging's rabbit driver format: docs/amqp.md). */
function transportFor(url: string, timeoutMs: number): NegotiationTransport & { close?(): Promise<void> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol === 'amqp:' || parsed.protocol === 'amqps:' || parsed.protocol === 'rabbit:') {
    const { AmqpNegotiationTransport } = require('../../transport/amqp/client') as typeof import('../../transport/amqp/client');
    return new AmqpNegotiationTransport({ url, timeoutMs });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`--url: the ${parsed.protocol} scheme is not supported (http:, https:, amqp:, amqps:, rabbit:)`);
  const { HttpNegotiationTransport } = require('../../transport/http-client') as typeof import('../../transport/http-client');
  return new HttpNegotiationTransport({ url, timeoutMs });
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
      const transport = transportFor(opts.url, timeoutMs);
      const instance = opts.plug ? readJson(opts.instance!) : undefined;
      const flags = globalFlags(cmd);
      const runtime = await startRuntime(flags);
      const { negotiateVif } = require('../../transport/service-host') as typeof import('../../transport/service-host');
      const { NegotiationTransportError } = require('@osvif/objects') as typeof import('@osvif/objects');
      try {
        const permitted = opts.permitted
          ?.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        const binding = { port_id: opts.portId, ...(opts.host !== undefined ? { host: opts.host } : {}) };
        let outcome: NegotiationOutcome;
        try {
          outcome = await negotiateVif(runtime, transport, binding, permitted ? { permittedVifTypes: permitted } : {});
        } catch (e) {
          if (e instanceof NegotiationTransportError) throw new NetworkHostUnreachableError(withoutPassword(opts.url), e);
          throw e;
        }
        if (opts.plug) {
          holdTerminationSignals('plug');
          await runtime.plug(outcome.vif, instance);
        }
        report(outcome, !!opts.plug, flags.json);
      } finally {
        await Promise.all([runtime.close(), transport.close?.()]);
      }
    });
}

function report(outcome: NegotiationOutcome, plugged: boolean, json: boolean): void {
  const vif = outcome.vif.toPrimitive();
  if (json) {
    writeJson({
      ok: true,
      plugin: outcome.plugin,
      vif,
      plugged,
      attempts: outcome.attempts.map((a) => ({
        sent_versions: a.sentVersions,
        ...(a.manifest ? { manifest: a.manifest } : {}),
        request: a.request,
        reply: a.reply,
      })),
    });
    return;
  }
  outcome.attempts.forEach((a, i) => {
    const sent = Object.entries(a.sentVersions)
      .map(([name, v]) => `${name} ${v}`)
      .join(', ');
    process.stdout.write(`attempt ${i + 1}: sent ${sent}${a.manifest ? ` (pinned ${JSON.stringify(a.manifest)})` : ''}\n`);
    process.stdout.write(`  answered: ${answerLine(a.reply)}\n`);
  });
  const profile = outcome.vif.getIfSet('port_profile') as { objName: string; instanceVersion: string } | undefined;
  process.stdout.write(
    `VIF ${outcome.vif.objName} ${outcome.vif.instanceVersion}${profile ? ` with ${profile.objName} ${profile.instanceVersion}` : ''} for plugin ${outcome.plugin}${plugged ? ': plugged' : ''}\n`,
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
