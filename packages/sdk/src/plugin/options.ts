// Config options a plugin declares. The runtime reads them from the
// `[os_vif_<plugin>]` group of a nova.conf-style file (oslo.config semantics)
// and injects the typed values as PLUGIN_CONFIG.

/** What every option spec has: its help text and where else it may be read from. */
export interface OptionBase {
  readonly help: string;
  /** Group also read when the option is absent from its own group (os-vif: 'DEFAULT'). */
  readonly deprecatedGroup?: string;
  readonly deprecatedForRemoval?: boolean;
}
/** A string option. */
export interface StrOptionSpec extends OptionBase {
  readonly type: 'str';
  /** Absent or null: unset (undefined) unless configured. */
  readonly default?: string | null;
  readonly choices?: readonly string[];
  /** Match `choices` in any case and give the choice as declared (oslo.config's `ignore_case`). */
  readonly ignoreCase?: boolean;
}
/** An integer option, optionally bounded. */
export interface IntOptionSpec extends OptionBase {
  readonly type: 'int';
  readonly default?: number | null;
  readonly min?: number;
  readonly max?: number;
}
/** A boolean option. */
export interface BoolOptionSpec extends OptionBase {
  readonly type: 'bool';
  /** Absent: false. */
  readonly default?: boolean;
}
/** Multi-valued by repetition of the key (oslo MultiStrOpt). */
export interface MultiStrOptionSpec extends OptionBase {
  readonly type: 'multi-str';
  /** Absent: []. */
  readonly default?: readonly string[];
}
/** Comma-separated list in one value (oslo ListOpt). */
export interface ListOptionSpec extends OptionBase {
  readonly type: 'list';
  readonly default?: readonly string[];
}
/** Any option spec a plugin may declare. */
export type ConfigOptionSpec = StrOptionSpec | IntOptionSpec | BoolOptionSpec | MultiStrOptionSpec | ListOptionSpec;
/** The option types: str, int, bool, multi-str and list. */
export type ConfigOptionType = ConfigOptionSpec['type'];
export const CONFIG_OPTION_TYPES: readonly ConfigOptionType[] = ['str', 'int', 'bool', 'multi-str', 'list'];

/** Options by name, in declaration order. Names are the oslo option names (snake_case). */
export type ConfigOptions = Readonly<Record<string, ConfigOptionSpec>>;

/** The TypeScript type of one option's effective value. */
export type OptionValue<S extends ConfigOptionSpec> = S extends StrOptionSpec
  ? S extends { readonly default: string }
    ? string
    : string | undefined
  : S extends IntOptionSpec
    ? S extends { readonly default: number }
      ? number
      : number | undefined
    : S extends BoolOptionSpec
      ? boolean
      : readonly string[];

/** The typed view of a plugin's config group. */
export type ConfigValues<O extends ConfigOptions> = { readonly [K in keyof O]: OptionValue<O[K]> };

/** Identity helper that keeps literal types, so ConfigValues<typeof OPTS> is precise. */
export function defineOptions<const O extends ConfigOptions>(options: O): O {
  return options;
}

/**
 * Types the injected PLUGIN_CONFIG record with the plugin's options. The runtime
 * has already parsed and validated every value against `options`.
 */
export function typedConfig<O extends ConfigOptions>(_options: O, raw: Readonly<Record<string, unknown>>): ConfigValues<O> {
  return raw as ConfigValues<O>;
}

const OPTION_NAME = /^[a-z][a-z0-9_]*$/;

/** Why the spec is invalid, or undefined when it is fine. Shared by the decorator and the runtime. */
export function optionSpecProblem(name: string, spec: ConfigOptionSpec): string | undefined {
  if (!OPTION_NAME.test(name)) return 'name must match [a-z][a-z0-9_]*';
  if (!spec || !CONFIG_OPTION_TYPES.includes(spec.type)) return `type must be one of ${CONFIG_OPTION_TYPES.join(', ')}`;
  if (typeof spec.help !== 'string' || spec.help.length === 0) return 'help text is required';
  const d: unknown = spec.default;
  switch (spec.type) {
    case 'str':
      if (d !== undefined && d !== null && typeof d !== 'string') return 'default must be a string';
      if (spec.choices !== undefined) {
        if (!Array.isArray(spec.choices) || spec.choices.some((c) => typeof c !== 'string')) return 'choices must be strings';
        if (typeof d === 'string' && !spec.choices.includes(d)) return `default ${JSON.stringify(d)} is not among the choices`;
      }
      return undefined;
    case 'int':
      if (d !== undefined && d !== null && !Number.isSafeInteger(d)) return 'default must be an integer';
      if (typeof d === 'number' && spec.min !== undefined && d < spec.min) return 'default is below min';
      if (typeof d === 'number' && spec.max !== undefined && d > spec.max) return 'default is above max';
      return undefined;
    case 'bool':
      if (d !== undefined && typeof d !== 'boolean') return 'default must be a boolean';
      return undefined;
    case 'multi-str':
    case 'list':
      if (d !== undefined && (!Array.isArray(d) || d.some((v) => typeof v !== 'string'))) return 'default must be an array of strings';
      return undefined;
  }
}
