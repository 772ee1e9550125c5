// The iptables manager of the linux_bridge plugin (os-vif's vif_plug_linux_bridge.iptables). Internal to this
// plugin: the plugin requires ./manager on first plug; this barrel is what the iptables tests import.
export { IptablesManager } from './manager';
export { IptablesTable } from './table';
export { mergeTable } from './merge';
export { parseSave, renderTable, rulesetKey } from './save-format';
export { InvalidIptablesNameError, UnknownChainError, IptablesSaveParseError } from './errors';
