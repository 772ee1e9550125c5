// Effective configuration: defaults < config files (in order) < environment
// (OSVIF_<GROUP>__<OPTION>, upper case). Each option remembers where its value
// came from, for `osvif config show` and for error messages. Values are interpolated
// as oslo.config does (`$state_path/tmp`, `${DEFAULT.host}`, `$$`): see interpolate.ts
// and docs/differences.md D53 for how a reference is looked up.
import { readFileSync } from 'node:fs';
import type { ConfigOptions, ConfigOptionSpec } from '@osvif/sdk';
import { ConfigFileError, ConfigInterpolationError, ConfigValueError } from './errors';
import { interpolate, pythonText, splitReference } from './interpolate';
import { IniDocument, IniValue, parseIni } from './ini';
import { ValueProblem, coerceValue, defaultValue } from './values';

/** Where a configuration value came from: a file, an environment variable, or the default. */
export type ValueSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number; readonly group: string }
  | { readonly kind: 'env'; readonly variable: string };

/** One option of a group with its effective value and where that value came from. */
export interface ResolvedOption {
  readonly group: string;
  readonly name: string;
  readonly type: ConfigOptionSpec['type'];
  readonly value: unknown;
  readonly source: ValueSource;
  /** The value as written, when interpolation changed it (single-valued options). */
  readonly raw?: string;
}

export function describeSource(s: ValueSource): string {
  switch (s.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `${s.file}:${s.line}${s.group === 'DEFAULT' ? ' [DEFAULT]' : ''}`;
    case 'env':
      return `env ${s.variable}`;
  }
}

export function envVariable(group: string, option: string): string {
  return `OSVIF_${group.toUpperCase()}__${option.toUpperCase()}`;
}

/** Where Config reads from: config files (later files win) and the environment. */
export interface ConfigLoadOptions {
  /** nova.conf-style files, later ones override earlier ones (oslo --config-file). */
  readonly files?: readonly string[];
  /** Environment to read overrides from (default: none; the CLI passes process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The effective configuration: nova.conf-style INI files plus OSVIF_<GROUP>__<OPTION> environment variables,
 * typed per option spec, with oslo.config's `$name` / `${group.name}` interpolation.
 */
export class Config {
  private readonly doc: IniDocument = new Map();
  private readonly env: Readonly<Record<string, string | undefined>>;
  /** Option specs of the groups resolved so far: a reference to one of them gets its typed value (or default). */
  private readonly declared = new Map<string, ConfigOptions>();
  readonly files: readonly string[];

  constructor(options: ConfigLoadOptions = {}) {
    this.files = options.files ?? [];
    this.env = options.env ?? {};
    for (const file of this.files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new ConfigFileError(file, (e as NodeJS.ErrnoException).code ?? String(e));
      }
      parseIni(text, file, this.doc);
    }
  }

  /** Config from an INI string (tests, embedding). */
  static fromText(text: string, file = '<text>', env: Readonly<Record<string, string | undefined>> = {}): Config {
    const c = new Config({ env });
    parseIni(text, file, c.doc);
    return c;
  }

  /** Section names present in the files (unknown ones are simply never read). */
  sections(): string[] {
    return [...this.doc.keys()];
  }

  /** Resolves every option of a group, validating values; throws ConfigValueError on the first bad one. */
  resolveGroup(group: string, options: ConfigOptions): ResolvedOption[] {
    this.declared.set(group, { ...this.declared.get(group), ...options });
    return Object.entries(options).map(([name, spec]) => this.resolveOption(group, name, spec, []));
  }

  /** The typed values of a group, as injected into a plugin (PLUGIN_CONFIG). */
  values(group: string, options: ConfigOptions): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.resolveGroup(group, options)) out[r.name] = r.value;
    return Object.freeze(out);
  }

  private fileValues(group: string, name: string, spec: ConfigOptionSpec): { entries: IniValue[]; group: string } | undefined {
    const own = this.doc.get(group)?.get(name);
    if (own?.length) return { entries: own, group };
    if (spec.deprecatedGroup) {
      const old = this.doc.get(spec.deprecatedGroup)?.get(name);
      if (old?.length) return { entries: old, group: spec.deprecatedGroup };
    }
    return undefined;
  }

  /** `chain`: the options whose values are being interpolated around this one (to report a circle). */
  private resolveOption(group: string, name: string, spec: ConfigOptionSpec, chain: readonly string[]): ResolvedOption {
    const base = { group, name, type: spec.type };
    const variable = envVariable(group, name);
    const envRaw = this.env[variable];
    if (envRaw !== undefined) {
      // Environment values of multi-valued options are comma-separated.
      const where = `env ${variable}`;
      const raws = spec.type === 'multi-str' ? (envRaw === '' ? [] : envRaw.split(',').map((s) => s.trim())) : [envRaw];
      const texts = raws.map((r) => this.interpolate(r, group, name, where, chain));
      const value = this.coerce(texts, spec, where, group, name);
      return { ...base, value, source: { kind: 'env', variable }, ...rawIfChanged(spec, raws, texts) };
    }
    const found = this.fileValues(group, name, spec);
    if (found) {
      const at = (e: IniValue) => `${e.file}:${e.line}`;
      // Report the line of the offending value: interpolate and coerce one by one for a precise location.
      const texts = found.entries.map((e) => this.interpolate(e.value, found.group, name, at(e), chain));
      texts.forEach((t, i) => this.coerce([t], spec, at(found.entries[i]), found.group, name));
      const last = found.entries[found.entries.length - 1];
      const value = this.coerce(texts, spec, at(last), found.group, name);
      const first = spec.type === 'multi-str' ? found.entries[0] : last;
      const source: ValueSource = { kind: 'file', file: first.file, line: first.line, group: found.group };
      return {
        ...base,
        value,
        source,
        ...rawIfChanged(
          spec,
          found.entries.map((e) => e.value),
          texts,
        ),
      };
    }
    // oslo interpolates defaults too.
    const fallback = defaultValue(spec);
    const value = mapStrings(fallback, (t) => this.interpolate(t, group, name, 'default', chain));
    return { ...base, value, source: { kind: 'default' } };
  }

  private interpolate(raw: string, group: string, option: string, where: string, chain: readonly string[]): string {
    const inner = [...chain, `${group}.${option}`];
    return interpolate(raw, (reference) => this.referenceText(reference, group, option, where, inner));
  }

  /** oslo's StrSubWrapper: `group.option` in that group; `option` in the referring group, else in DEFAULT. */
  private referenceText(reference: string, group: string, option: string, where: string, chain: readonly string[]): string {
    const ref = splitReference(reference);
    if (ref.group === 'DEFAULT') {
      // oslo has no group object named DEFAULT to look in (NoSuchGroupError).
      throw new ConfigInterpolationError(
        where,
        group,
        option,
        reference,
        `oslo.config cannot name the DEFAULT group in a reference; write $${ref.option}`,
      );
    }
    const tries: Array<[string, string]> = [[ref.group ?? group, ref.option]];
    if (ref.group === undefined && group !== 'DEFAULT') tries.push(['DEFAULT', reference]);
    for (const [g, o] of tries) {
      if (chain.includes(`${g}.${o}`)) {
        const circle = [...chain, `${g}.${o}`].join(' -> ');
        throw new ConfigInterpolationError(where, group, option, reference, `circular reference (${circle})`);
      }
      const text = this.optionText(g, o, chain);
      if (text !== undefined) return text;
    }
    const looked = tries.map(([g, o]) => `[${g}] ${o}`).join(', then ');
    throw new ConfigInterpolationError(where, group, option, reference, `no such option is set or declared (looked for ${looked})`);
  }

  /**
   * The text of a referenced option: a declared one's typed value as Python prints it (True, 5, ['a', 'b']);
   * an undeclared one (e.g. Nova's state_path) from the environment or the files, itself interpolated.
   */
  private optionText(group: string, option: string, chain: readonly string[]): string | undefined {
    const spec = this.declared.get(group)?.[option];
    if (spec) return pythonText(this.resolveOption(group, option, spec, chain).value);
    const variable = envVariable(group, option);
    const envRaw = this.env[variable];
    if (envRaw !== undefined) return this.interpolate(envRaw, group, option, `env ${variable}`, chain);
    const entries = this.doc.get(group)?.get(option);
    if (!entries?.length) return undefined;
    const last = entries[entries.length - 1];
    return this.interpolate(last.value, group, option, `${last.file}:${last.line}`, chain);
  }

  private coerce(raws: readonly string[], spec: ConfigOptionSpec, where: string, group: string, name: string): unknown {
    try {
      return coerceValue(raws, spec);
    } catch (e) {
      if (e instanceof ValueProblem) throw new ConfigValueError(where, group, name, raws[raws.length - 1] ?? '', e.reason);
      throw e;
    }
  }
}

function rawIfChanged(spec: ConfigOptionSpec, raws: readonly string[], texts: readonly string[]): { raw?: string } {
  if (spec.type === 'multi-str' || raws.length === 0) return {};
  const raw = raws[raws.length - 1];
  return raw === texts[texts.length - 1] ? {} : { raw };
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? f(v) : v));
  return value;
}
