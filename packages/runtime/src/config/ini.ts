// A strict port of oslo.config's iniparser (the nova.conf dialect): `key = value`
// or `key: value`, `#`/`;` comments on their own line, indented continuation
// lines joined with "\n", one pair of matching quotes stripped, repeated keys
// kept in order (multi-valued options). We keep line numbers for error messages
// and `osvif config show`, which general-purpose INI packages do not.
import { ConfigSyntaxError } from './errors';

export interface IniValue {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

/** section -> option -> every assignment in file order. */
export type IniDocument = Map<string, Map<string, IniValue[]>>;

/**
 * oslo normalises group names to lower case, except DEFAULT. Option names stay as written: oslo looks an option
 * up by its dest (`lock_timeout`), so a `lock-timeout = 42` in a file is not that option (checked with oslo.config).
 */
export function normalizeGroup(name: string): string {
  return name === 'DEFAULT' ? name : name.toLowerCase();
}

export function parseIni(text: string, file: string, into: IniDocument = new Map()): IniDocument {
  let section: Map<string, IniValue[]> | undefined;
  let key: string | undefined;
  let keyLine = 0;
  let parts: string[] = [];
  const flush = () => {
    if (key === undefined) return;
    if (!section) throw new ConfigSyntaxError(file, keyLine, key, 'assignment before any [section]');
    const list = section.get(key) ?? [];
    list.push({ value: parts.join('\n'), file, line: keyLine });
    section.set(key, list);
    key = undefined;
    parts = [];
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineno = i + 1;
    const line = lines[i].replace(/\s+$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (key === undefined) {
        // oslo ignores indented comment-looking lines only as continuations; a stray indent is an error.
        throw new ConfigSyntaxError(file, lineno, line, 'unexpected continuation line');
      }
      parts.push(line.trimStart());
      continue;
    }
    flush();
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new ConfigSyntaxError(file, lineno, line, 'invalid section (must end with ])');
      if (line.length <= 2) throw new ConfigSyntaxError(file, lineno, line, 'empty section name');
      const name = normalizeGroup(line.slice(1, -1));
      section = into.get(name) ?? new Map();
      into.set(name, section);
    } else if (line.startsWith('#') || line.startsWith(';')) {
      continue;
    } else {
      const colon = line.indexOf(':');
      const equal = line.indexOf('=');
      if (colon < 0 && equal < 0) throw new ConfigSyntaxError(file, lineno, line, "no ':' or '=' found in assignment");
      const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
      const k = line.slice(0, at).trim();
      let v = line.slice(at + 1).trim();
      if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
      if (!k) throw new ConfigSyntaxError(file, lineno, line, 'key cannot be empty');
      key = k;
      keyLine = lineno;
      parts = [v];
    }
  }
  flush();
  return into;
}
