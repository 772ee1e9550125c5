// os-vif's IptablesManager: the initial chain model (nova-filter-top, wrapped
// built-ins, nat snat chains), the bridge FORWARD rules, and apply() through
// iptables-save / iptables-restore run by the injected CommandRunner.
//
// apply() always reads the live rules and writes only when they differ from
// what they should be, so re-plugging restores rules someone flushed and
// leaves a correct host alone. Only the tables we manage are restored;
// iptables-restore leaves every other table as it is.
import { Clock, CommandRunner, HostCommandFailedError, LockService, Logger } from '@osvif/sdk';
import { mergeTable } from './merge';
import { validateBinaryName, validateRuleInterface, validateTarget } from './names';
import { parseSave, renderTable, rulesetKey } from './save-format';
import { IptablesTable } from './table';

export interface IptablesManagerOptions {
  /** Prefix of our wrapped chains (os-vif: the launching script's name). */
  readonly binaryName: string;
  readonly useIpv6?: boolean;
  readonly topRegex?: RegExp;
  readonly bottomRegex?: RegExp;
  /** Jump target for dropped packets (iptables_drop_action). */
  readonly dropAction?: string;
  /** forward_bridge_interface: ['all'] or interface names. */
  readonly forwardBridgeInterfaces?: readonly string[];
  readonly runner: CommandRunner;
  readonly locks: LockService;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Tries per save/restore, as os-vif's processutils attempts=5. */
  readonly attempts?: number;
}

/** The external lock os-vif takes around save+restore. */
export const IPTABLES_LOCK = 'nova-iptables';

export type Family = 4 | 6;

export interface ApplyResult {
  /** Families whose rules were rewritten (empty: everything already as it should be). */
  readonly restored: Family[];
}

const TOOLS: Record<Family, { save: string; restore: string }> = {
  4: { save: 'iptables-save', restore: 'iptables-restore' },
  6: { save: 'ip6tables-save', restore: 'ip6tables-restore' },
};

export class IptablesManager {
  readonly binaryName: string;
  readonly useIpv6: boolean;
  readonly dropAction: string;
  readonly forwardBridgeInterfaces: readonly string[];
  readonly ipv4: { readonly filter: IptablesTable; readonly nat: IptablesTable; readonly mangle: IptablesTable };
  readonly ipv6: { readonly filter: IptablesTable };
  private readonly options: IptablesManagerOptions;

  constructor(options: IptablesManagerOptions) {
    validateBinaryName(options.binaryName);
    const dropAction = options.dropAction ?? 'DROP';
    validateTarget(dropAction);
    const forward = options.forwardBridgeInterfaces?.length ? options.forwardBridgeInterfaces : ['all'];
    for (const f of forward) if (f !== 'all' && f !== '') validateRuleInterface(f);
    this.options = options;
    this.binaryName = options.binaryName;
    this.useIpv6 = options.useIpv6 ?? false;
    this.dropAction = dropAction;
    this.forwardBridgeInterfaces = forward;
    const t = (name: string): IptablesTable => new IptablesTable(name, this.binaryName);
    this.ipv4 = { filter: t('filter'), nat: t('nat'), mangle: t('mangle') };
    this.ipv6 = { filter: t('filter') };
    this.buildInitialModel();
  }

  /** The chains and jumps os-vif's IptablesManager.__init__ sets up, in its order. */
  private buildInitialModel(): void {
    for (const tables of [this.ipv4, this.ipv6]) {
      tables.filter.addChain('nova-filter-top', false);
      tables.filter.addRule('FORWARD', '-j nova-filter-top', false, true);
      tables.filter.addRule('OUTPUT', '-j nova-filter-top', false, true);
      tables.filter.addChain('local');
      tables.filter.addRule('nova-filter-top', '-j $local', false);
    }
    const builtins: Array<[IptablesTable, string[]]> = [
      [this.ipv4.filter, ['INPUT', 'OUTPUT', 'FORWARD']],
      [this.ipv4.nat, ['PREROUTING', 'OUTPUT', 'POSTROUTING']],
      [this.ipv4.mangle, ['POSTROUTING']],
      [this.ipv6.filter, ['INPUT', 'OUTPUT', 'FORWARD']],
    ];
    for (const [table, chains] of builtins) {
      for (const chain of chains) {
        table.addChain(chain);
        table.addRule(chain, `-j $${chain}`, false);
      }
    }
    this.ipv4.nat.addChain('nova-postrouting-bottom', false);
    this.ipv4.nat.addRule('POSTROUTING', '-j nova-postrouting-bottom', false);
    this.ipv4.nat.addChain('snat');
    this.ipv4.nat.addRule('nova-postrouting-bottom', '-j $snat', false);
    this.ipv4.nat.addChain('float-snat');
    this.ipv4.nat.addRule('snat', '-j $float-snat');
  }

  /** os-vif get_gateway_rules: the wrapped-FORWARD rules of a bridge that is a gateway. */
  gatewayRules(bridge: string): Array<[string, string]> {
    validateRuleInterface(bridge);
    if (this.forwardBridgeInterfaces.includes('all')) {
      return [
        ['FORWARD', `-i ${bridge} -j ACCEPT`],
        ['FORWARD', `-o ${bridge} -j ACCEPT`],
      ];
    }
    const rules: Array<[string, string]> = [];
    for (const iface of this.forwardBridgeInterfaces) {
      if (!iface) continue;
      rules.push(['FORWARD', `-i ${bridge} -o ${iface} -j ACCEPT`], ['FORWARD', `-i ${iface} -o ${bridge} -j ACCEPT`]);
    }
    rules.push(
      ['FORWARD', `-i ${bridge} -o ${bridge} -j ACCEPT`],
      ['FORWARD', `-i ${bridge} -j ${this.dropAction}`],
      ['FORWARD', `-o ${bridge} -j ${this.dropAction}`],
    );
    return rules;
  }

  /**
   * os-vif _ensure_bridge_filtering's rules: gateway rules (or an inbound drop
   * when not a gateway), then always an outbound drop. Written in the form
   * iptables-save prints (`-i`/`-o`, not `--in-interface`), so that the same
   * rule is never installed twice under two spellings.
   */
  bridgeFilteringRules(bridge: string, gateway: boolean): Array<[string, string]> {
    validateRuleInterface(bridge);
    const rules = gateway ? this.gatewayRules(bridge) : [['FORWARD', `-i ${bridge} -j ${this.dropAction}`] as [string, string]];
    rules.push(['FORWARD', `-o ${bridge} -j ${this.dropAction}`]);
    return rules;
  }

  /**
   * Adds the bridge's rules to the model and applies. On failure the rules this
   * call added are taken out of the model again (the kernel is unchanged:
   * iptables-restore is atomic), and the error is thrown.
   */
  async ensureBridgeFiltering(bridge: string, gateway: boolean): Promise<{ added: Array<[string, string]>; result: ApplyResult }> {
    const added: Array<[string, string]> = [];
    for (const [chain, rule] of this.bridgeFilteringRules(bridge, gateway)) {
      if (this.ipv4.filter.addRule(chain, rule)) added.push([chain, rule]);
    }
    try {
      return { added, result: await this.apply() };
    } catch (e) {
      this.forget(added);
      throw e;
    }
  }

  /** Takes rules out of the model (does not apply). */
  forget(rules: ReadonlyArray<readonly [string, string]>): void {
    for (const [chain, rule] of rules) this.ipv4.filter.removeRule(chain, rule);
  }

  /** Brings the live rules in line with the model, under the nova-iptables lock. */
  apply(): Promise<ApplyResult> {
    return this.options.locks.withLock(IPTABLES_LOCK, async () => {
      const restored: Family[] = [];
      const families: Family[] = this.useIpv6 ? [4, 6] : [4];
      for (const family of families) {
        if (await this.applyFamily(family)) restored.push(family);
      }
      return { restored };
    });
  }

  private async applyFamily(family: Family): Promise<boolean> {
    const tools = TOOLS[family];
    const saved = parseSave(await this.runChecked(tools.save, ['-c']), tools.save);
    const models: IptablesTable[] = family === 4 ? [this.ipv4.filter, this.ipv4.nat, this.ipv4.mangle] : [this.ipv6.filter];
    const merge = { topRegex: this.options.topRegex, bottomRegex: this.options.bottomRegex };
    let changed = false;
    const lines: string[] = [];
    for (const model of models) {
      const current = saved.get(model.name);
      const desired = mergeTable(current, model, merge);
      if (!current || rulesetKey(current) !== rulesetKey(desired)) changed = true;
      lines.push(...renderTable(desired));
    }
    if (!changed) {
      this.options.logger?.debug('iptables already up to date', { family });
      return false;
    }
    await this.runChecked(tools.restore, ['-c'], `${lines.join('\n')}\n`);
    this.options.logger?.debug('iptables rules applied', { family, tables: models.map((m) => m.name) });
    return true;
  }

  private async runChecked(file: string, args: string[], input?: string): Promise<string> {
    const attempts = Math.max(1, this.options.attempts ?? 5);
    let last: HostCommandFailedError | undefined;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await this.options.clock?.sleep(100 * i);
      const r = await this.options.runner.run(file, args, input === undefined ? {} : { input });
      if (r.exitCode === 0) return r.stdout;
      last = new HostCommandFailedError(file, args, r.exitCode, r.stderr);
      this.options.logger?.warn('iptables command failed', { file, args, exitCode: r.exitCode, stderr: r.stderr.trim(), attempt: i + 1 });
    }
    throw last!;
  }
}
