// What may appear inside rules and chain names. Rules are built from names, and
// iptables-restore splits a rule on whitespace, treats a trailing '+' of an
// interface as a wildcard and '!' as negation: only plain names are allowed.
import { InvalidIptablesNameError } from './errors';

/** iptables chain names are at most 28 characters (XT_EXTENSION_MAXNAMELEN - 1). */
export const MAX_CHAIN_NAME = 28;
/** Longest suffix os-vif appends to the binary name: '-POSTROUTING'. */
export const MAX_WRAP_SUFFIX = '-POSTROUTING'.length;
export const MAX_BINARY_NAME = MAX_CHAIN_NAME - MAX_WRAP_SUFFIX; // 16, as os-vif's [:16]

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Interface names used in rules: kernel rules (<= 15 bytes) and plain characters only. */
export function validateRuleInterface(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidIptablesNameError('interface', String(name), 'empty');
  if (name.length > 15) throw new InvalidIptablesNameError('interface', name, 'longer than 15 characters');
  if (!PLAIN.test(name))
    throw new InvalidIptablesNameError('interface', name, 'only letters, digits, "_", "." and "-" are allowed, not first "-", "." or "_"');
}

/** The prefix of our wrapped chains (os-vif: the launching script's name). */
export function validateBinaryName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidIptablesNameError('binary name', String(name), 'empty');
  if (name.length > MAX_BINARY_NAME)
    throw new InvalidIptablesNameError(
      'binary name',
      name,
      `longer than ${MAX_BINARY_NAME} characters (chain names are limited to ${MAX_CHAIN_NAME})`,
    );
  if (!PLAIN.test(name)) throw new InvalidIptablesNameError('binary name', name, 'only letters, digits, "_", "." and "-" are allowed');
}

export function validateChainName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidIptablesNameError('chain', String(name), 'empty');
  if (name.length > MAX_CHAIN_NAME) throw new InvalidIptablesNameError('chain', name, `longer than ${MAX_CHAIN_NAME} characters`);
  if (!PLAIN.test(name)) throw new InvalidIptablesNameError('chain', name, 'only letters, digits, "_", "." and "-" are allowed');
}

/** A jump target (iptables_drop_action): one word, e.g. DROP, REJECT or a chain name. */
export function validateTarget(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidIptablesNameError('target', String(name), 'empty');
  if (name.length > MAX_CHAIN_NAME) throw new InvalidIptablesNameError('target', name, `longer than ${MAX_CHAIN_NAME} characters`);
  if (!PLAIN.test(name)) throw new InvalidIptablesNameError('target', name, 'one word of letters, digits, "_", "." and "-"');
}
