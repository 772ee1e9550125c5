// oslo.config's template substitution (ConfigOpts._substitute, Python's string.Template with safe_substitute):
// `$name`, `${name}` and `${group.name}` are replaced by that option's value; `$$` and `\$` are a literal `$`;
// names match [_a-z][._a-z0-9]* case-insensitively (so `$a.b` is group a, option b, even unbraced); a `$` that
// starts no valid placeholder stays as written. How a name is looked up is the caller's (Config's) business.

const PLACEHOLDER = /\$(?:(\$)|([_a-z][._a-z0-9]*)|\{([_a-z][._a-z0-9]*)\})/gi;

/** Substitutes the placeholders of `raw`; `lookup` returns the text of a referenced option (it may throw). */
export function interpolate(raw: string, lookup: (reference: string) => string): string {
  if (!raw.includes('$')) return raw;
  // oslo treats `\$` as the escape `$$` ("a bit more natural for users").
  const text = raw.split('\\$').join('$$');
  return text.replace(PLACEHOLDER, (_m, escaped: string | undefined, named: string | undefined, braced: string | undefined) =>
    escaped !== undefined ? '$' : lookup((named ?? braced)!),
  );
}

/** Splits a reference as oslo does: `group.option` (at the first dot), or an option of the referring group. */
export function splitReference(reference: string): { readonly group?: string; readonly option: string } {
  const dot = reference.indexOf('.');
  return dot < 0 ? { option: reference } : { group: reference.slice(0, dot), option: reference.slice(dot + 1) };
}

/** The text Python gives a typed option value in a template: str(value), None as ''. */
export function pythonText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map((v) => `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
  return String(value);
}
