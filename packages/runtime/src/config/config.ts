// Effective configuration: defaults < config files (in order) < environment
// (OSVIF_<GROUP>__<OPTION>, upper case). Each option remembers where its value
// came from, for `osvif config show` and for error messages.
import { readFileSync } from 'node:fs';
import type { ConfigOptions, ConfigOptionSpec } from '@osvif/sdk';
import { ConfigFileError, ConfigValueError } from './errors';
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
 * typed per option spec.
 */
export class Config {
  private readonly doc: IniDocument = new Map();
  private readonly env: Readonly<Record<string, string | undefined>>;
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
    return Object.entries(options).map(([name, spec]) => this.resolveOption(group, name, spec));
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

  private resolveOption(group: string, name: string, spec: ConfigOptionSpec): ResolvedOption {
    const variable = envVariable(group, name);
    const envRaw = this.env[variable];
    if (envRaw !== undefined) {
      // Environment values of multi-valued options are comma-separated.
      const raws = spec.type === 'multi-str' ? (envRaw === '' ? [] : envRaw.split(',').map((s) => s.trim())) : [envRaw];
      const where = `env ${variable}`;
      return { group, name, type: spec.type, value: this.coerce(raws, spec, where, group, name), source: { kind: 'env', variable } };
    }
    const found = this.fileValues(group, name, spec);
    if (found) {
      const last = found.entries[found.entries.length - 1];
      const bad = (e: IniValue) => `${e.file}:${e.line}`;
      // Report the line of the offending value: coerce one by one for a precise location.
      for (const e of found.entries) this.coerce([e.value], spec, bad(e), found.group, name);
      const value = this.coerce(
        found.entries.map((e) => e.value),
        spec,
        bad(last),
        found.group,
        name,
      );
      const first = spec.type === 'multi-str' ? found.entries[0] : last;
      return { group, name, type: spec.type, value, source: { kind: 'file', file: first.file, line: first.line, group: found.group } };
    }
    return { group, name, type: spec.type, value: defaultValue(spec), source: { kind: 'default' } };
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
