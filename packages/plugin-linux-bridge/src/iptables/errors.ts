// Errors of the iptables manager. Command failures (non-zero exit of
// iptables-save / iptables-restore) are the SDK's HostCommandFailedError.
import { PluginError } from '@osvif/sdk';

/** A name that would end up inside an iptables rule or chain name and is not safe there. */
export class InvalidIptablesNameError extends PluginError {
  static override readonly code = 'INVALID_IPTABLES_NAME';
  constructor(
    readonly what: 'binary name' | 'chain' | 'interface' | 'target',
    readonly value: string,
    readonly reason: string,
  ) {
    super(`invalid iptables ${what} ${JSON.stringify(value)}: ${reason}`);
  }
}

/** add_rule on a wrapped chain the table does not have (os-vif raises NameError there: differences.md D21). */
export class UnknownChainError extends PluginError {
  static override readonly code = 'IPTABLES_UNKNOWN_CHAIN';
  constructor(
    readonly table: string,
    readonly chain: string,
  ) {
    super(`iptables table ${table} has no chain ${JSON.stringify(chain)}`);
  }
}

/** iptables-save printed something this manager cannot safely rewrite. */
export class IptablesSaveParseError extends PluginError {
  static override readonly code = 'IPTABLES_SAVE_PARSE';
  constructor(
    readonly command: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`cannot parse ${command} output at line ${line}: ${reason}`);
  }
}
