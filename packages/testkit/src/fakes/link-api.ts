// An in-memory LinkApi that records every call: the kernel's link table as a Map, with the kernel's answers
// for the common mistakes (EEXIST, ENODEV, a bad name) and scripted failures for the rest.
import { LinkExistsError, NoSuchLinkError, validateLinkName } from '@osvif/sdk';
import type { BridgeOptions, LinkApi, LinkChanges, LinkInfo } from '@osvif/sdk';

/** The LinkApi methods a RecordingLinkApi records. */
export type LinkMethod = keyof LinkApi;

/** One call a RecordingLinkApi received (arguments as given). */
export interface RecordedLinkCall {
  readonly method: LinkMethod;
  readonly args: readonly unknown[];
}

/** A link of the fake table: LinkInfo plus what the fake needs to behave like the kernel. */
export interface FakeLink extends LinkInfo {
  /** The other end of a veth pair. */
  readonly peer?: string;
  /** The parent of a VLAN link. */
  readonly parent?: string;
  readonly vlanId?: number;
  readonly bridge?: BridgeOptions;
  readonly multiqueue?: boolean;
}

/** A link to start with: name required, the rest defaults to a down plain device with MTU 1500. */
export type SeedLink = Partial<FakeLink> & { readonly name: string };

interface Failure {
  readonly method: LinkMethod;
  readonly ifname?: string;
  readonly error: Error;
  remaining: number;
}

/**
 * A fake LinkApi over an in-memory link table. Records every call in `calls`; creating an existing name
 * rejects with LinkExistsError, touching a missing one with NoSuchLinkError, a bad name with
 * InvalidLinkNameError (validated like the real one). Deleting one end of a veth deletes both, deleting a
 * parent deletes its VLANs. `failOn` scripts any other error.
 *
 * @example
 * const links = new RecordingLinkApi([{ name: 'eth0', up: true }]).failOn('createBridge', new LinkPermissionError('create', 'br0', 'EPERM', 'denied'));
 */
export class RecordingLinkApi implements LinkApi {
  /** Every call, in order. */
  readonly calls: RecordedLinkCall[] = [];
  private readonly table = new Map<string, FakeLink>();
  private readonly failures: Failure[] = [];
  private nextIndex = 1;

  constructor(seed: readonly SeedLink[] = []) {
    for (const l of seed) this.add(l);
  }

  /** Adds a link to the table (not recorded as a call). */
  add(link: SeedLink): FakeLink {
    validateLinkName(link.name);
    const full: FakeLink = { index: this.nextIndex++, mtu: 1500, up: false, promisc: false, mac: fakeMac(this.nextIndex), ...link };
    this.table.set(link.name, full);
    return full;
  }

  /** The link of that name in the table, without recording a call. */
  link(name: string): FakeLink | undefined {
    return this.table.get(name);
  }

  /** The table's link names, sorted. */
  get names(): string[] {
    return [...this.table.keys()].sort();
  }

  /** The methods called, in order. */
  get methods(): LinkMethod[] {
    return this.calls.map((c) => c.method);
  }

  /** Makes calls of `method` (on `ifname` only, when given) reject with `error`: every one, or the next `times`. */
  failOn(method: LinkMethod, error: Error, options: { readonly ifname?: string; readonly times?: number } = {}): this {
    this.failures.push({ method, error, ifname: options.ifname, remaining: options.times ?? Infinity });
    return this;
  }

  /** Forgets the recorded calls (the table and the scripted failures stay). */
  clear(): void {
    this.calls.length = 0;
  }

  async exists(name: string): Promise<boolean> {
    this.enter('exists', [name], name);
    return this.table.has(name);
  }

  async get(name: string): Promise<LinkInfo | undefined> {
    this.enter('get', [name], name);
    const l = this.table.get(name);
    return l ? info(l) : undefined;
  }

  async list(): Promise<LinkInfo[]> {
    this.enter('list', []);
    return [...this.table.values()].map(info);
  }

  async createBridge(name: string, options?: BridgeOptions): Promise<void> {
    this.enter('createBridge', [name, options], name);
    this.create(name, { kind: 'bridge', ...(options ? { bridge: options } : {}) });
  }

  async createVeth(name: string, peerName: string): Promise<void> {
    this.enter('createVeth', [name, peerName], name);
    validateLinkName(peerName);
    if (this.table.has(peerName)) throw new LinkExistsError('create', peerName, 'EEXIST', `${peerName}: File exists`);
    this.create(name, { kind: 'veth', peer: peerName });
    this.create(peerName, { kind: 'veth', peer: name });
  }

  async createVlan(name: string, parent: string, vlanId: number): Promise<void> {
    this.enter('createVlan', [name, parent, vlanId], name);
    this.require('create', parent);
    this.create(name, { kind: 'vlan', parent, vlanId });
  }

  async createTap(name: string, options?: { readonly multiqueue?: boolean }): Promise<void> {
    this.enter('createTap', [name, options], name);
    this.create(name, { kind: 'tun', ...(options?.multiqueue !== undefined ? { multiqueue: options.multiqueue } : {}) });
  }

  async delete(name: string): Promise<void> {
    this.enter('delete', [name], name);
    this.remove(this.require('delete', name));
  }

  async deleteIfExists(name: string): Promise<boolean> {
    this.enter('deleteIfExists', [name], name);
    const l = this.table.get(name);
    if (!l) return false;
    this.remove(l);
    return true;
  }

  async set(name: string, changes: LinkChanges): Promise<void> {
    this.enter('set', [name, changes], name);
    const l = this.require('set', name);
    let master = l.master;
    if (changes.master === null) master = undefined;
    else if (changes.master !== undefined) master = this.require('set', changes.master).name;
    const next: FakeLink = {
      ...l,
      ...(changes.up !== undefined ? { up: changes.up } : {}),
      ...(changes.mtu !== undefined ? { mtu: changes.mtu } : {}),
      ...(changes.mac !== undefined ? { mac: changes.mac.toLowerCase() } : {}),
      ...(changes.promisc !== undefined ? { promisc: changes.promisc } : {}),
      ...(changes.alias !== undefined ? { alias: changes.alias } : {}),
      master,
    };
    if (next.master === undefined) delete (next as { master?: string }).master;
    if (next.alias === '') delete (next as { alias?: string }).alias;
    this.table.set(name, next);
  }

  /** Records the call, validates the name, and throws a scripted failure that matches. */
  private enter(method: LinkMethod, args: readonly unknown[], ifname?: string): void {
    this.calls.push({ method, args: args.filter((a, i) => a !== undefined || i < args.length - 1) });
    if (ifname !== undefined) validateLinkName(ifname);
    const f = this.failures.find((x) => x.remaining > 0 && x.method === method && (x.ifname === undefined || x.ifname === ifname));
    if (f) {
      f.remaining--;
      throw f.error;
    }
  }

  private require(op: 'create' | 'delete' | 'set', name: string): FakeLink {
    const l = this.table.get(name);
    if (!l) throw new NoSuchLinkError(op, name, 'ENODEV', `${name}: No such device`);
    return l;
  }

  private create(name: string, fields: Omit<SeedLink, 'name'>): void {
    if (this.table.has(name)) throw new LinkExistsError('create', name, 'EEXIST', `${name}: File exists`);
    this.add({ name, ...fields });
  }

  private remove(l: FakeLink): void {
    this.table.delete(l.name);
    if (l.peer) this.table.delete(l.peer);
    for (const other of [...this.table.values()]) {
      if (other.parent === l.name) this.table.delete(other.name);
      else if (other.master === l.name) this.table.set(other.name, { ...other, master: undefined });
    }
  }
}

function info(l: FakeLink): LinkInfo {
  return {
    name: l.name,
    index: l.index,
    ...(l.kind !== undefined ? { kind: l.kind } : {}),
    mtu: l.mtu,
    up: l.up,
    promisc: l.promisc,
    ...(l.master !== undefined ? { master: l.master } : {}),
    ...(l.mac !== undefined ? { mac: l.mac } : {}),
    ...(l.alias !== undefined ? { alias: l.alias } : {}),
  };
}

function fakeMac(n: number): string {
  const h = n.toString(16).padStart(6, '0');
  return `02:00:00:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}
