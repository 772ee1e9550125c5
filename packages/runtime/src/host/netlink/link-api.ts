// LinkApi over rtnetlink: one reused socket (on a worker thread by default), concurrent requests matched by
// sequence number, every request ACKed before it resolves; deletes due together go as one group delete.
import {
  BridgeOptions,
  LinkApi,
  LinkChanges,
  LinkError,
  LinkInfo,
  LinkNotSupportedError,
  Logger,
  NoSuchLinkError,
  validateLinkName,
  LinkExistsError,
  LINK_MARK_PREFIX,
} from '@osvif/sdk';
import { toLogger } from '@osvif/objects';
import { InvalidLinkArgumentError, linkErrorFromErrno, toLinkError } from '../errors';
import { IpTuntapCreator, TapCreationError, TapCreator } from '../tap/tuntap';
import { KernelError, RtnlSocket, RtnlTransport } from './socket';
import { GroupDeleter } from './group-delete';
import { WorkerRtnlSocket } from './worker/worker-socket';
import { SplitRtnlSocket } from './worker/split-socket';
import { parseLinkMessage, RawLink } from './link-message';
import * as C from './constants';
import * as R from './requests';

/** Options of {@link NetlinkLinkApi}. */
export interface NetlinkLinkApiOptions {
  /** @internal The rtnetlink socket (a test seam); defaults to a private socket opened on first use. */
  readonly socket?: RtnlTransport;
  /**
   * Where the kernel calls run. `'split'` (the default): link deletes, which wait for RCU grace periods inside
   * the send, go through a worker thread, and so does every request made while one of them is outstanding;
   * other requests are sent from this thread (a thread hop costs more than a lookup). `'worker'`: every request
   * through the worker. `'caller'`: every request from this thread (no worker to start: a short-lived process).
   * With `'split'` or `'worker'`, no slow kernel call of this LinkApi's blocks this thread's event loop.
   */
  readonly thread?: 'split' | 'worker' | 'caller';
  /** Where link operations are logged at debug level. */
  readonly logger?: Logger;
  /** @internal How tap devices are created (a test seam); defaults to `ip tuntap`. */
  readonly tapCreator?: TapCreator;
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** The LinkApi the runtime gives plugins: network links over rtnetlink (one reused socket), taps via `ip tuntap`. */
export class NetlinkLinkApi implements LinkApi {
  private readonly socket: RtnlTransport;
  private readonly deleter: GroupDeleter;
  private readonly logger?: Logger;
  private readonly tapCreator: TapCreator;
  /** Learnt once: whether the kernel creates "tun" links over rtnetlink (none does today). */
  private tunOverNetlink: boolean | undefined;

  constructor(options: NetlinkLinkApiOptions = {}) {
    this.socket = options.socket ?? transport(options.thread ?? 'split', toLogger(options.logger));
    this.deleter = new GroupDeleter(this.socket);
    this.logger = toLogger(options.logger);
    this.tapCreator = options.tapCreator ?? new IpTuntapCreator();
  }

  async exists(name: string): Promise<boolean> {
    validateLinkName(name);
    return (await this.getRaw(name, 'get')) !== undefined; // one request: no master-name lookup
  }

  async get(name: string): Promise<LinkInfo | undefined> {
    validateLinkName(name);
    const raw = await this.getRaw(name, 'get');
    if (!raw) return undefined;
    const master = raw.masterIndex === undefined ? undefined : await this.nameOfIndex(raw.masterIndex);
    return toInfo(raw, master);
  }

  async list(): Promise<LinkInfo[]> {
    const replies = await this.call(R.dumpLinksRequest(), { operation: 'list', ifname: '*' });
    const raws = replies.map(parseLinkMessage);
    const byIndex = new Map(raws.map((r) => [r.index, r.name]));
    return raws.map((r) => toInfo(r, r.masterIndex === undefined ? undefined : byIndex.get(r.masterIndex)));
  }

  async createBridge(name: string, options: BridgeOptions = {}): Promise<void> {
    validateLinkName(name);
    plainObject('create', name, 'options', options);
    for (const key of ['forwardDelay', 'ageingTime'] as const) {
      const v = options[key];
      if (v !== undefined && !isU32(v))
        throw new InvalidLinkArgumentError('create', name, key, v, 'expected an integer number of centiseconds');
    }
    for (const key of ['stp', 'multicastSnooping'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean')
        throw new InvalidLinkArgumentError('create', name, key, options[key], 'expected a boolean');
    }
    await this.call(R.createBridgeRequest(name, options), { operation: 'create', ifname: name, feature: 'bridge', detail: 'bridge' });
    this.logger?.debug('link created', { ifname: name, kind: 'bridge', options: { ...options } });
  }

  async createVeth(name: string, peerName: string): Promise<void> {
    validateLinkName(name);
    validateLinkName(peerName);
    if (name === peerName) throw new InvalidLinkArgumentError('create', name, 'peerName', peerName, 'must differ from the name');
    await this.call(R.createVethRequest(name, peerName), { operation: 'create', ifname: name, feature: 'veth', detail: 'veth' });
    this.logger?.debug('link created', { ifname: name, kind: 'veth', peer: peerName });
  }

  async createVlan(name: string, parent: string, vlanId: number): Promise<void> {
    validateLinkName(name);
    validateLinkName(parent);
    if (!Number.isInteger(vlanId) || vlanId < 1 || vlanId > 4094) {
      throw new InvalidLinkArgumentError('create', name, 'vlanId', vlanId, 'expected an integer 1..4094');
    }
    const parentLink = await this.getRaw(parent, 'create');
    if (!parentLink)
      throw new NoSuchLinkError('create', parent, 'ENODEV', `create vlan ${name}: parent ${parent}: no such device (ENODEV)`);
    await this.call(R.createVlanRequest(name, parentLink.index, vlanId), {
      operation: 'create',
      ifname: name,
      feature: '8021q VLAN',
      detail: 'vlan',
    });
    this.logger?.debug('link created', { ifname: name, kind: 'vlan', parent, vlanId });
  }

  async createTap(name: string, options: { readonly multiqueue?: boolean } = {}): Promise<void> {
    validateLinkName(name);
    plainObject('create', name, 'options', options);
    const multiqueue = options.multiqueue === true;
    if (this.tunOverNetlink !== false && !multiqueue) {
      try {
        await this.call(R.createTunRequest(name), { operation: 'create', ifname: name, feature: 'tun/tap over rtnetlink', detail: 'tap' });
        this.tunOverNetlink = true;
        return;
      } catch (e) {
        if (!(e instanceof LinkNotSupportedError)) throw e;
        this.tunOverNetlink = false;
      }
    }
    // TUNSETIFF would re-attach to an existing tap of the same flags: refuse first, as netlink would.
    if (await this.getRaw(name, 'create'))
      throw new LinkExistsError('create', name, 'EEXIST', `create tap ${name}: interface already exists (EEXIST)`);
    try {
      await this.tapCreator.create(name, multiqueue);
    } catch (e) {
      if (e instanceof TapCreationError)
        throw linkErrorFromErrno(e.errno, { operation: 'create', ifname: name, feature: 'tun/tap', detail: 'tap' });
      throw e;
    }
    this.logger?.debug('link created', { ifname: name, kind: 'tap', multiqueue });
  }

  async delete(name: string): Promise<void> {
    validateLinkName(name);
    await this.call(R.deleteLinkRequest(name), { operation: 'delete', ifname: name });
    this.logger?.debug('link deleted', { ifname: name });
  }

  /**
   * Deletes the link if there is one; calls made together (one turn of the event loop, or while a batch is
   * with the kernel) are one group delete for the links carrying an osvif mark (group-delete.ts). ENODEV is
   * the answer false (no LinkError built: every unplug asks).
   */
  async deleteIfExists(name: string): Promise<boolean> {
    validateLinkName(name);
    let deleted: boolean;
    try {
      deleted = await this.deleter.deleteIfExists(name);
    } catch (e) {
      throw toLinkError(e, { operation: 'delete', ifname: name });
    }
    if (deleted) this.logger?.debug('link deleted', { ifname: name });
    return deleted;
  }

  async set(name: string, changes: LinkChanges): Promise<void> {
    validateLinkName(name);
    plainObject('set', name, 'changes', changes);
    const fields: { -readonly [K in keyof R.SetLinkFields]: R.SetLinkFields[K] } = {};
    if (changes.up !== undefined) fields.up = bool('up', changes.up, name);
    if (changes.promisc !== undefined) fields.promisc = bool('promisc', changes.promisc, name);
    if (changes.mtu !== undefined) {
      if (!Number.isInteger(changes.mtu) || changes.mtu < 68 || changes.mtu > 0xffff) {
        throw new InvalidLinkArgumentError('set', name, 'mtu', changes.mtu, 'expected an integer 68..65535');
      }
      fields.mtu = changes.mtu;
    }
    if (changes.mac !== undefined) {
      if (typeof changes.mac !== 'string' || !MAC_RE.test(changes.mac)) {
        throw new InvalidLinkArgumentError('set', name, 'mac', changes.mac, 'expected six colon-separated hex bytes');
      }
      fields.mac = Buffer.from(changes.mac.split(':').map((h) => parseInt(h, 16)));
    }
    if (changes.alias !== undefined) {
      const bytes = typeof changes.alias === 'string' ? Buffer.from(changes.alias, 'utf8') : undefined;
      // eslint-disable-next-line no-control-regex
      if (!bytes || bytes.length > C.MAX_ALIAS_BYTES || /[\x00-\x1f\x7f]/.test(changes.alias)) {
        throw new InvalidLinkArgumentError(
          'set',
          name,
          'alias',
          changes.alias,
          `expected at most ${C.MAX_ALIAS_BYTES} bytes of text without control characters`,
        );
      }
      fields.alias = bytes;
      // Writing a mark takes the link out of any batch's delete group a crash may have left it in (group-delete.ts).
      if (changes.alias.startsWith(LINK_MARK_PREFIX)) fields.group = 0;
    }
    if (changes.master !== undefined) {
      if (changes.master === null) fields.masterIndex = 0;
      else {
        validateLinkName(changes.master);
        const master = await this.getRaw(changes.master, 'set');
        if (!master)
          throw new NoSuchLinkError('set', changes.master, 'ENODEV', `set ${name} master ${changes.master}: no such device (ENODEV)`);
        fields.masterIndex = master.index;
      }
    }
    if (Object.keys(fields).length === 0) {
      // Nothing to change still means "the link must exist", as the kernel would say.
      if (!(await this.getRaw(name, 'set'))) throw new NoSuchLinkError('set', name, 'ENODEV', `set ${name}: no such device (ENODEV)`);
      return;
    }
    const detail = changes.master ? `master ${changes.master}` : undefined;
    // EOPNOTSUPP on a set almost always means "the master cannot take ports" (not a bridge/bond).
    const feature = changes.master ? `enslaving to ${changes.master}` : undefined;
    await this.call(R.setLinkRequest(name, fields), { operation: 'set', ifname: name, detail, feature });
    this.logger?.debug('link set', { ifname: name, changes: { ...changes } });
  }

  /** Closes the netlink socket; the next call opens a new one. */
  close(): void {
    this.socket.close();
  }

  private async getRaw(name: string, operation: 'get' | 'create' | 'set'): Promise<RawLink | undefined> {
    try {
      const [reply] = await this.socket.request(R.getLinkByNameRequest(name));
      return reply ? parseLinkMessage(reply) : undefined;
    } catch (e) {
      if (e instanceof KernelError && e.errnoName === 'ENODEV') return undefined;
      throw toLinkError(e, { operation, ifname: name });
    }
  }

  private async nameOfIndex(index: number): Promise<string | undefined> {
    try {
      const [reply] = await this.socket.request(R.getLinkByIndexRequest(index));
      return reply ? parseLinkMessage(reply).name : undefined;
    } catch (e) {
      if (e instanceof KernelError && e.errnoName === 'ENODEV') return undefined; // master removed meanwhile
      throw toLinkError(e, { operation: 'get', ifname: `#${index}` });
    }
  }

  private async call(req: R.LinkRequest, ctx: Parameters<typeof linkErrorFromErrno>[1]): Promise<Buffer[]> {
    try {
      return await this.socket.request(req);
    } catch (e) {
      const err = toLinkError(e, ctx);
      if (err instanceof LinkError)
        this.logger?.debug('link operation failed', { ifname: ctx.ifname, operation: ctx.operation, errno: err.errno });
      throw err;
    }
  }
}

/** The logger sees the batches sent from this thread (the worker's are not logged: a logger cannot cross to it). */
function transport(thread: 'split' | 'worker' | 'caller', logger: Logger | undefined): RtnlTransport {
  if (thread === 'caller') return new RtnlSocket({ logger });
  return thread === 'worker' ? new WorkerRtnlSocket() : new SplitRtnlSocket({ logger });
}

function plainObject(operation: 'create' | 'set', name: string, argument: string, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidLinkArgumentError(operation, name, argument, v, 'expected an object');
}

function isU32(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function bool(argument: string, v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidLinkArgumentError('set', name, argument, v, 'expected a boolean');
  return v;
}

function toInfo(r: RawLink, master: string | undefined): LinkInfo {
  const info: { -readonly [K in keyof LinkInfo]: LinkInfo[K] } = { name: r.name, index: r.index, mtu: r.mtu, up: r.up, promisc: r.promisc };
  if (r.kind !== undefined) info.kind = r.kind;
  if (master !== undefined) info.master = master;
  if (r.mac !== undefined) info.mac = r.mac;
  if (r.alias !== undefined) info.alias = r.alias;
  return info;
}
