import { CommandError, CommandRunner, Logger } from '@osvif/sdk';
import {
  fromDatum,
  OvsdbConnectionError,
  OvsdbConstraintViolationError,
  OvsdbError,
  OvsdbInvalidArgumentError,
  OvsdbProtocolError,
  OvsdbSyntaxError,
  OvsdbTimeoutError,
  OvsdbUnknownColumnError,
  parseEndpoint,
  transactionErrorFromReply,
} from '@osvif/ovsdb';
import type { OvsdbValue } from '@osvif/ovsdb';
import {
  OvsBridgeDatapathMismatchError,
  OvsCommandFailedError,
  OvsLocalPortError,
  OvsNameInUseError,
  OvsNoSuchBridgeError,
  OvsPortOnOtherBridgeError,
} from './errors';
import { DEFAULT_OVSDB_ENDPOINT } from './monitor';
import { BRIDGE_COLUMNS, INTERFACE_COLUMNS, PORT_COLUMNS, QOS_COLUMNS, toBridgeInfo, toInterfaceInfo, toPortInfo, toQosInfo } from './rows';
import {
  BridgeInfo,
  EnsureBridgeOptions,
  InterfaceInfo,
  OvsDriver,
  PatchPortPairSpec,
  PortInfo,
  PortSpec,
  QosInfo,
  StringMap,
} from './types';
import { checkMap, checkName, checkPortSpec, checkString, checkTag, sameDatapath } from './validate';

/** How often a long ovs-vsctl run says it is still waiting (as the OVSDB client's waits). */
const VSCTL_PROGRESS_EVERY_MS = 3_000;

/** Values are always written JSON-quoted, so ':', '=', ',' or quotes in them cannot change the command's meaning. */
const q = (s: string): string => JSON.stringify(s);
const mapArgs = (column: string, pairs: [string, string][]): string[] => pairs.map(([k, v]) => `${column}:${q(k)}=${q(v)}`);

/**
 * The driver over `ovs-vsctl` (os-vif `ovsdb_interface=vsctl`): one process
 * per transaction, the same command lines as os-vif, run with execFile
 * (no shell). Unlike os-vif 3.0.0 a non-zero exit is never swallowed: its
 * stderr is mapped to the same typed errors the native driver throws.
 */
export class VsctlOvsDriver implements OvsDriver {
  readonly kind = 'vsctl' as const;
  private readonly runner: CommandRunner;
  private readonly vsctl: string;

  constructor(
    private readonly options: { connection: string; timeoutSeconds: number; logger?: Logger; runner: CommandRunner; vsctlPath?: string },
  ) {
    if (options.connection !== '') parseEndpoint(options.connection); // empty: no --db, ovs-vsctl's default (as os-vif)
    this.runner = options.runner;
    this.vsctl = options.vsctlPath ?? 'ovs-vsctl';
  }

  /** The database named in errors. */
  private get where(): string {
    return this.options.connection || `${DEFAULT_OVSDB_ENDPOINT} (ovs-vsctl default)`;
  }

  async ensureBridge(name: string, datapathType?: string, options: EnsureBridgeOptions = {}): Promise<void> {
    checkName('bridge', name);
    if (datapathType !== undefined) checkString('datapathType', datapathType);
    await this.run(
      'ensureBridge',
      await this.addBr('ensureBridge', name, datapathType, options.keepExisting === true, options.newBridgeExternalIds),
    );
  }

  /**
   * `--may-exist add-br NAME`, with `set Bridge NAME datapath_type=DP` only for a bridge that is not there
   * (ovs-vsctl cannot make the set conditional, so the bridge is read first; a bridge of another datapath
   * is refused unless `keepExisting`).
   */
  private async addBr(
    operation: string,
    name: string,
    datapathType: string | undefined,
    keepExisting: boolean,
    newExternalIds?: StringMap,
  ): Promise<string[]> {
    if (datapathType === undefined && newExternalIds === undefined) return addBr(name, undefined);
    const existing = await this.getBridge(name);
    if (!existing) {
      const ids = mapArgs('external_ids', checkMap('newBridgeExternalIds', newExternalIds));
      return [...addBr(name, datapathType), ...(ids.length ? ['--', 'set', 'Bridge', name, ...ids] : [])];
    }
    if (datapathType === undefined) return addBr(name, undefined);
    if (!keepExisting && !sameDatapath(existing.datapathType, datapathType))
      throw new OvsBridgeDatapathMismatchError(operation, name, existing.datapathType, datapathType);
    return addBr(name, undefined);
  }

  async addOrUpdatePort(spec: PortSpec): Promise<void> {
    checkPortSpec(spec);
    const { bridge, name } = spec;
    const cmds: string[] =
      spec.bridgeDatapathType !== undefined
        ? await this.addBr('addOrUpdatePort', bridge, spec.bridgeDatapathType, spec.keepExistingBridge === true)
        : [];
    cmds.push('--', ...(spec.mustBeNew ? [] : ['--may-exist']), 'add-port', bridge, name);
    const portSets: string[] = [];
    if (spec.tag !== undefined) portSets.push(`tag=${spec.tag}`);
    if (spec.vlanMode !== undefined) portSets.push(`vlan_mode=${spec.vlanMode}`);
    if (spec.trunks !== undefined) portSets.push(`trunks=[${spec.trunks.join(',')}]`);
    if (spec.qos !== undefined) {
      cmds.push(
        '--',
        '--id=@qos',
        'create',
        'QoS',
        `type=${q(spec.qos.type)}`,
        ...mapArgs('external_ids', checkMap('qos.externalIds', spec.qos.externalIds)),
      );
      portSets.push('qos=@qos');
    }
    portSets.push(...mapArgs('external_ids', checkMap('portExternalIds', spec.portExternalIds)));
    if (portSets.length) cmds.push('--', 'set', 'Port', name, ...portSets);
    const ifaceSets = [...mapArgs('external_ids', checkMap('externalIds', spec.externalIds))];
    if (spec.interfaceType !== undefined) ifaceSets.push(`type=${q(spec.interfaceType)}`);
    ifaceSets.push(...mapArgs('options', checkMap('options', spec.options)));
    if (spec.mtuRequest !== undefined) ifaceSets.push(`mtu_request=${spec.mtuRequest}`);
    if (ifaceSets.length) cmds.push('--', 'set', 'Interface', name, ...ifaceSets);
    await this.run('addOrUpdatePort', cmds);
  }

  async createPatchPortPair(spec: PatchPortPairSpec): Promise<void> {
    checkName('bridge', spec.bridge);
    checkName('port', spec.port);
    checkName('peerBridge', spec.peerBridge);
    checkName('peerPort', spec.peerPort);
    const cmds = ['--', '--may-exist', 'add-port', spec.bridge, spec.port];
    const portSets = [
      ...(spec.tag !== undefined ? [`tag=${checkTag(spec.tag)}`] : []),
      ...mapArgs('external_ids', checkMap('portExternalIds', spec.portExternalIds)),
    ];
    if (portSets.length) cmds.push('--', 'set', 'Port', spec.port, ...portSets);
    cmds.push(
      '--',
      'set',
      'Interface',
      spec.port,
      ...mapArgs('external_ids', checkMap('externalIds', spec.externalIds)),
      'type=patch',
      `options:peer=${q(spec.peerPort)}`,
    );
    cmds.push(
      '--',
      '--may-exist',
      'add-port',
      spec.peerBridge,
      spec.peerPort,
      '--',
      'set',
      'Interface',
      spec.peerPort,
      'type=patch',
      `options:peer=${q(spec.port)}`,
    );
    await this.run('createPatchPortPair', cmds);
  }

  async deletePort(bridge: string | undefined, name: string): Promise<void> {
    if (bridge !== undefined) checkName('bridge', bridge);
    checkName('port name', name);
    try {
      await this.run('deletePort', ['--', '--if-exists', 'del-port', ...(bridge === undefined ? [] : [bridge]), name]);
    } catch (e) {
      // `--if-exists` does not cover a missing bridge; for us "nothing to delete" is not an error.
      if (e instanceof OvsNoSuchBridgeError) return;
      throw e;
    }
  }

  async deleteBridge(name: string): Promise<void> {
    checkName('bridge', name);
    await this.run('deleteBridge', ['--', '--if-exists', 'del-br', name]);
  }

  async bridgeExists(name: string): Promise<boolean> {
    checkName('bridge', name);
    const r = await this.runVsctl('bridgeExists', ['--', 'br-exists', name]);
    if (r.exitCode === 0) return true;
    if (r.exitCode === 2) return false;
    throw this.toError('bridgeExists', r.exitCode, r.stderr);
  }

  async portExists(name: string, bridge?: string): Promise<boolean> {
    checkName('port name', name);
    if (bridge === undefined)
      return (await this.table('portExists', ['--', '--columns=name', 'find', 'Port', `name=${q(name)}`]))[0].length > 0;
    checkName('bridge', bridge);
    try {
      return (await this.listPorts(bridge)).includes(name);
    } catch (e) {
      if (e instanceof OvsNoSuchBridgeError) return false;
      throw e;
    }
  }

  async listPorts(bridge: string): Promise<string[]> {
    checkName('bridge', bridge);
    const out = await this.run('listPorts', ['--', 'list-ports', bridge]);
    const line = out.split('\n')[0] ?? '';
    return line === '' ? [] : unescapeOneline(line).split('\n').sort();
  }

  async findPortsWithExternalId(key: string): Promise<PortInfo[]> {
    checkString('key', key);
    const [ports, bridges] = await this.table('findPortsWithExternalId', [
      '--',
      `--columns=${PORT_COLUMNS.join(',')}`,
      'list',
      'Port',
      '--',
      '--columns=name,ports',
      'list',
      'Bridge',
    ]);
    return ports.map((p) => toPortInfo(p, bridges)).filter((p) => Object.prototype.hasOwnProperty.call(p.externalIds, key));
  }

  async findBridgesWithExternalId(key: string): Promise<BridgeInfo[]> {
    checkString('key', key);
    const [rows] = await this.table('findBridgesWithExternalId', ['--', `--columns=${BRIDGE_COLUMNS.join(',')}`, 'list', 'Bridge']);
    return rows.map(toBridgeInfo).filter((b) => Object.prototype.hasOwnProperty.call(b.externalIds, key));
  }

  async getInterface(name: string): Promise<InterfaceInfo | undefined> {
    checkName('interface name', name);
    const [rows] = await this.table('getInterface', [
      '--',
      `--columns=${INTERFACE_COLUMNS.join(',')}`,
      'find',
      'Interface',
      `name=${q(name)}`,
    ]);
    return rows[0] ? toInterfaceInfo(rows[0]) : undefined;
  }

  async interfaceExternalIds(name: string): Promise<Readonly<Record<string, string>> | undefined> {
    return (await this.getInterface(name))?.externalIds;
  }

  async getPort(name: string): Promise<PortInfo | undefined> {
    checkName('port name', name);
    const [ports, bridges] = await this.table('getPort', [
      '--',
      `--columns=${PORT_COLUMNS.join(',')}`,
      'find',
      'Port',
      `name=${q(name)}`,
      '--',
      '--columns=name,ports',
      'list',
      'Bridge',
    ]);
    return ports[0] ? toPortInfo(ports[0], bridges) : undefined;
  }

  async getBridge(name: string): Promise<BridgeInfo | undefined> {
    checkName('bridge', name);
    const [rows] = await this.table('getBridge', ['--', `--columns=${BRIDGE_COLUMNS.join(',')}`, 'find', 'Bridge', `name=${q(name)}`]);
    return rows[0] ? toBridgeInfo(rows[0]) : undefined;
  }

  async findQos(externalIds: StringMap): Promise<QosInfo[]> {
    const [rows] = await this.table('findQos', [
      '--',
      `--columns=${QOS_COLUMNS.join(',')}`,
      'find',
      'QoS',
      ...mapArgs('external_ids', qosFilter(externalIds)),
    ]);
    return rows.map(toQosInfo);
  }

  /** find, then destroy what was found in one transaction (`--if-exists` tolerates a concurrent delete). */
  async destroyQos(externalIds: StringMap): Promise<number> {
    const rows = await this.findQos(externalIds);
    if (!rows.length) return 0;
    await this.run(
      'destroyQos',
      rows.flatMap((r) => ['--', '--if-exists', 'destroy', 'QoS', r.uuid]),
    );
    return rows.length;
  }

  async hasColumn(table: string, column: string): Promise<boolean> {
    checkString('table', table);
    checkString('column', column);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) return false;
    const r = await this.runVsctl('hasColumn', ['--', `--columns=${column}`, 'list', table]);
    if (r.exitCode !== 0) {
      const e = this.toError('hasColumn', r.exitCode, r.stderr);
      if (e instanceof OvsdbSyntaxError || e instanceof OvsdbUnknownColumnError) return false;
      throw e;
    }
    // ovs-vsctl accepts unique prefixes ("mtu_req"); only an exact heading counts.
    const parsed = JSON.parse(r.stdout.split('\n')[0]) as { headings?: unknown };
    return Array.isArray(parsed.headings) && parsed.headings.length === 1 && parsed.headings[0] === column;
  }

  async close(): Promise<void> {}

  // ---- process handling ----

  private prefix(): string[] {
    const db = this.options.connection === '' ? [] : [`--db=${this.options.connection}`];
    return [`--timeout=${this.options.timeoutSeconds}`, '--oneline', '--format=json', ...db];
  }

  private async runVsctl(operation: string, cmds: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const args = [...this.prefix(), ...cmds];
    this.options.logger?.debug('ovs-vsctl', { operation, args });
    // ovs-vsctl waits silently (for the server, for ovs-vswitchd) up to its --timeout: a wait of more than a few
    // seconds says so, every few seconds, as the native driver's waits do.
    const started = Date.now();
    const limitMs = this.options.timeoutSeconds * 1000;
    const progress = setInterval(() => {
      this.options.logger?.warn('still waiting for ovs-vsctl', {
        operation,
        endpoint: this.where,
        waited_ms: Date.now() - started,
        gives_up_in_ms: Math.max(0, started + limitMs - Date.now()),
        progress: true,
      });
    }, VSCTL_PROGRESS_EVERY_MS);
    progress.unref();
    try {
      return await this.runner.run(this.vsctl, args, { timeoutMs: limitMs + 5000 });
    } catch (e) {
      if (e instanceof CommandError && e.reason === 'timeout') throw new OvsdbTimeoutError(operation, limitMs, this.where);
      throw new OvsdbConnectionError(this.where, e, `cannot run ${this.vsctl}: ${(e as Error).message}`);
    } finally {
      clearInterval(progress);
    }
  }

  /** Runs commands; returns stdout; throws the typed error for a non-zero exit. */
  private async run(operation: string, cmds: string[]): Promise<string> {
    const r = await this.runVsctl(operation, cmds);
    if (r.exitCode !== 0) throw this.toError(operation, r.exitCode, r.stderr);
    return r.stdout;
  }

  /** Runs table-printing commands; one parsed table per command. */
  private async table(operation: string, cmds: string[]): Promise<Record<string, OvsdbValue>[][]> {
    const out = await this.run(operation, cmds);
    return out
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        try {
          const t = JSON.parse(line) as { data: unknown[][]; headings: string[] };
          return t.data.map((row) => Object.fromEntries(t.headings.map((h, i) => [h, fromDatum(row[i])])));
        } catch (e) {
          throw new OvsdbProtocolError(this.where, `unparsable ovs-vsctl output: ${(e as Error).message}`);
        }
      });
  }

  /**
   * The one place ovs-vsctl's stderr is read: each failure becomes the typed error the native
   * driver throws for the same cause (the server's own error class for a "transaction error").
   */
  private toError(operation: string, exitCode: number, stderr: string): OvsdbError {
    const text =
      stderr
        .split('\n')
        .filter((l) => l.startsWith('ovs-vsctl:') || /\|(WARN|ERR|EMER)\|/.test(l))
        .map((l) => l.replace(/^ovs-vsctl: /, ''))
        .join('; ')
        .trim() || stderr.trim();
    if (exitCode === 128 + 14 || /Alarm clock/.test(stderr)) {
      return new OvsdbTimeoutError(operation, this.options.timeoutSeconds * 1000, this.where);
    }
    if (/database connection failed/.test(text)) return new OvsdbConnectionError(this.where, text, text);
    for (const line of stderr.split('\n')) {
      const txn = /^ovs-vsctl: transaction error: (\{.*\})\s*$/.exec(line);
      if (!txn) continue;
      try {
        const j = JSON.parse(txn[1]) as { error?: unknown; details?: unknown; syntax?: unknown };
        return transactionErrorFromReply(operation, { ...j, error: j.error ?? 'transaction error' });
      } catch {
        /* not JSON after all: fall through to the generic mapping */
      }
    }
    if (/no bridge named/.test(text)) return new OvsNoSuchBridgeError(operation, text);
    if (/is actually attached to bridge|does not have a port/.test(text)) return new OvsPortOnOtherBridgeError(operation, text);
    if (/because a (port|bridge) named .* already exists/.test(text)) return new OvsNameInUseError(operation, text);
    if (/because it is the local port/.test(text)) return new OvsLocalPortError(operation, text);
    const cv = /constraint violation: (.*)/.exec(text);
    if (cv) return new OvsdbConstraintViolationError(operation, cv[1]);
    // What ovsdb-server itself answers for an unknown table ("syntax error") or column ("unknown column").
    if (/unknown table|no table named/.test(text)) return new OvsdbSyntaxError(operation, text);
    if (/does not contain a column/.test(text)) return new OvsdbUnknownColumnError(operation, text);
    return new OvsCommandFailedError(operation, `exit ${exitCode}: ${text}`);
  }
}

function addBr(name: string, datapathType: string | undefined): string[] {
  const cmds = ['--', '--may-exist', 'add-br', name];
  if (datapathType !== undefined) cmds.push('--', 'set', 'Bridge', name, `datapath_type=${q(datapathType)}`);
  return cmds;
}

/** Undoes --oneline escaping: "\n" separates lines, "\\" is a backslash. */
function unescapeOneline(s: string): string {
  return s.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

function qosFilter(externalIds: StringMap): [string, string][] {
  const pairs = checkMap('externalIds', externalIds);
  if (!pairs.length) throw new OvsdbInvalidArgumentError('externalIds', externalIds, 'needs at least one key to match QoS rows');
  return pairs;
}
