// nova.conf-style text for tests: groups of options rendered as the INI text the runtime's Config.fromText
// (and os-vif's oslo.config) reads. Lists repeat the key (oslo multi-str); undefined values are left out.
import { OsvifError } from '@osvif/objects';

/** One option's value: a list is written as the key repeated once per element; undefined is left out. */
export type TestConfigValue = string | number | boolean | readonly string[] | undefined;

/** Option groups (`os_vif_ovs`, `DEFAULT`, ...) to their options, in the order they are written. */
export type TestConfig = Readonly<Record<string, Readonly<Record<string, TestConfigValue>>>>;

/** A group, option or value that cannot be written into INI text (INI has no escaping). */
export class ConfigRenderError extends OsvifError {
  static readonly code = 'TESTKIT_CONFIG_RENDER';
  constructor(
    /** The group the bad option is in. */
    readonly group: string,
    /** The option's name ('' when the group name itself is bad). */
    readonly option: string,
    /** The value that was to be written. */
    readonly value: unknown,
    /** Why it cannot be written. */
    readonly reason: string,
  ) {
    super(ConfigRenderError.code, `[${group}] ${option} = ${JSON.stringify(value)}: ${reason}`);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function line(group: string, key: string, value: string | number | boolean): string {
  const text = String(value);
  // A newline would inject options.
  if (/[\r\n]/.test(text)) throw new ConfigRenderError(group, key, value, 'values must be one line');
  if (!NAME.test(key)) throw new ConfigRenderError(group, key, value, 'bad option name');
  return `${key} = ${text}`;
}

function section(group: string, values: Readonly<Record<string, TestConfigValue>>): string[] {
  if (!NAME.test(group)) throw new ConfigRenderError(group, '', '', 'bad group name');
  const out = [`[${group}]`];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) out.push(line(group, key, v));
    else out.push(line(group, key, value as string | number | boolean));
  }
  return out;
}

/**
 * Renders option groups as nova.conf text: one `[group]` section per key, `key = value` lines, a blank line
 * between sections, a final newline. Throws ConfigRenderError for names or values INI cannot carry.
 *
 * @example renderConfig({ os_vif_ovs: { ovsdb_interface: 'vsctl', isolate_vif: true } })
 */
export function renderConfig(config: TestConfig): string {
  return (
    Object.entries(config)
      .map(([group, values]) => section(group, values).join('\n'))
      .join('\n\n') + '\n'
  );
}

/**
 * Merges option groups: later groups' options are added to (and override) earlier ones of the same group;
 * group and option order is first appearance.
 */
export function mergeConfig(...configs: readonly (TestConfig | undefined)[]): TestConfig {
  const out: Record<string, Record<string, TestConfigValue>> = {};
  for (const c of configs) for (const [group, values] of Object.entries(c ?? {})) out[group] = { ...out[group], ...values };
  return out;
}
