// The iptables manager of the linux_bridge plugin (os-vif's vif_plug_linux_bridge.iptables).
export { IptablesManager, IPTABLES_LOCK } from './manager';
export type { IptablesManagerOptions, ApplyResult, Family } from './manager';
export { IptablesTable, normalizeRuleText } from './table';
export type { IptablesRule } from './table';
export { mergeTable, jumpTarget, sameRule } from './merge';
export type { MergeOptions } from './merge';
export { parseSave, renderTable, rulesetKey } from './save-format';
export type { SavedTable, SavedRule, ChainDecl } from './save-format';
export { validateBinaryName, validateRuleInterface, validateTarget, validateChainName, MAX_BINARY_NAME } from './names';
export { InvalidIptablesNameError, UnknownChainError, IptablesSaveParseError } from './errors';
