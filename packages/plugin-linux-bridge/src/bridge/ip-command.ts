// The `ip` (iproute2) calls os-vif makes to move addresses and routes from the
// enslaved interface to the bridge, in JSON form (`ip -j`) instead of scraping
// text. Run through the injected CommandRunner (execFile, no shell); every
// argument is a validated interface name or a value the kernel printed.
import { CommandRunner, HostCommandFailedError } from '@osvif/sdk';
import { UnexpectedCommandOutputError } from '../errors';

export interface Ipv4Address {
  readonly local: string;
  readonly prefixlen: number;
  readonly broadcast?: string;
  readonly secondary: boolean;
}

export interface ViaRoute {
  readonly dst: string;
  readonly gateway: string;
  readonly protocol?: string;
  readonly metric?: number;
  readonly prefsrc?: string;
  readonly scope?: string;
  readonly onlink: boolean;
}

export interface LinkDetails {
  readonly mtu: number;
  readonly minMtu?: number;
  readonly maxMtu?: number;
}

export class IpCommand {
  constructor(private readonly runner: CommandRunner) {}

  async run(args: string[]): Promise<string> {
    const r = await this.runner.run('ip', args);
    if (r.exitCode !== 0) throw new HostCommandFailedError('ip', args, r.exitCode, r.stderr);
    return r.stdout;
  }

  private async json(args: string[]): Promise<unknown[]> {
    const full = ['-j', ...args];
    const out = (await this.run(full)).trim();
    if (out === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(out);
    } catch (e) {
      throw new UnexpectedCommandOutputError('ip', full, `not JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new UnexpectedCommandOutputError('ip', full, 'expected a JSON array');
    return parsed;
  }

  /** min/max MTU the kernel accepts for the device (`ip -d link show`). */
  async linkDetails(dev: string): Promise<LinkDetails | undefined> {
    const [link] = (await this.json(['-d', 'link', 'show', 'dev', dev])) as Array<Record<string, unknown>>;
    if (!link) return undefined;
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    return { mtu: num(link.mtu) ?? 0, minMtu: num(link.min_mtu), maxMtu: num(link.max_mtu) };
  }

  /** Global-scope IPv4 addresses of the device, in kernel order (primaries before their secondaries). */
  async globalIpv4Addresses(dev: string): Promise<Ipv4Address[]> {
    const links = (await this.json(['-4', 'addr', 'show', 'dev', dev, 'scope', 'global'])) as Array<{
      addr_info?: Array<Record<string, unknown>>;
    }>;
    const out: Ipv4Address[] = [];
    for (const info of links[0]?.addr_info ?? []) {
      if (info.family !== 'inet' || typeof info.local !== 'string' || typeof info.prefixlen !== 'number') continue;
      out.push({
        local: info.local,
        prefixlen: info.prefixlen,
        ...(typeof info.broadcast === 'string' ? { broadcast: info.broadcast } : {}),
        secondary: info.secondary === true,
      });
    }
    return out;
  }

  /** IPv4 routes of the main table through a gateway on the device (`ip route show dev X` lines with `via`). */
  async viaRoutes(dev: string): Promise<ViaRoute[]> {
    const routes = (await this.json(['-4', 'route', 'show', 'dev', dev])) as Array<Record<string, unknown>>;
    const out: ViaRoute[] = [];
    for (const r of routes) {
      if (typeof r.gateway !== 'string' || typeof r.dst !== 'string') continue;
      const flags = Array.isArray(r.flags) ? r.flags : [];
      out.push({
        dst: r.dst,
        gateway: r.gateway,
        ...(typeof r.protocol === 'string' ? { protocol: r.protocol } : {}),
        ...(typeof r.metric === 'number' ? { metric: r.metric } : {}),
        ...(typeof r.prefsrc === 'string' ? { prefsrc: r.prefsrc } : {}),
        ...(typeof r.scope === 'string' ? { scope: r.scope } : {}),
        onlink: flags.includes('onlink'),
      });
    }
    return out;
  }

  addressArgs(a: Ipv4Address): string[] {
    return [`${a.local}/${a.prefixlen}`, ...(a.broadcast ? ['brd', a.broadcast] : []), 'scope', 'global'];
  }

  async addAddress(dev: string, a: Ipv4Address): Promise<void> {
    await this.run(['addr', 'add', ...this.addressArgs(a), 'dev', dev]);
  }

  async deleteAddress(dev: string, a: Ipv4Address): Promise<void> {
    await this.run(['addr', 'del', `${a.local}/${a.prefixlen}`, 'dev', dev]);
  }

  routeArgs(r: ViaRoute, dev: string): string[] {
    return [
      r.dst,
      'via',
      r.gateway,
      'dev',
      dev,
      ...(r.protocol ? ['proto', r.protocol] : []),
      ...(r.scope ? ['scope', r.scope] : []),
      ...(r.metric !== undefined ? ['metric', String(r.metric)] : []),
      ...(r.prefsrc ? ['src', r.prefsrc] : []),
      ...(r.onlink ? ['onlink'] : []),
    ];
  }

  async addRoute(dev: string, r: ViaRoute): Promise<void> {
    await this.run(['route', 'add', ...this.routeArgs(r, dev)]);
  }

  async deleteRoute(dev: string, r: ViaRoute): Promise<void> {
    await this.run(['route', 'del', ...this.routeArgs(r, dev)]);
  }
}
