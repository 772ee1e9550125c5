// docs/objects/*.md: a page per registered object class, generated from the registry's own data (versions,
// fieldSpecs, fieldSince), so the pages cannot drift from what the wire code does. `npm run docs:objects`
// writes them (write-object-pages.ts); test/docs/object-pages.test.ts fails when the checked-in pages differ.
import { objectRegistry, VersionedObject } from '@osvif/objects';
import type { FieldSpec, FieldSpecs, VersionedObjectClass } from '@osvif/objects';

/** The statics every registered class has (VersionedObjectClass leaves out the field tables). */
type ObjectClass = VersionedObjectClass & {
  readonly fieldSpecs: FieldSpecs;
  readonly fieldSince: Readonly<Record<string, string>>;
};

interface FieldRow {
  readonly name: string;
  readonly spec: FieldSpec;
  /** The class whose fieldSpecs declares it. */
  readonly declaredIn: string;
  /** Version of this class's history that introduced it. */
  readonly since: string;
}

const own = (cls: object, key: string): boolean => Object.prototype.hasOwnProperty.call(cls, key);

/** The registered ancestors of a class, root first, the class itself last. */
function lineage(cls: ObjectClass): ObjectClass[] {
  const out: ObjectClass[] = [];
  for (
    let c: unknown = cls;
    typeof c === 'function' && objectRegistry.get((c as ObjectClass).objName) === c;
    c = Object.getPrototypeOf(c)
  ) {
    out.unshift(c as ObjectClass);
  }
  return out;
}

/**
 * Fields in wire order, as registerObject builds the table: the class's own fields first, then its parent's in
 * the parent's order. `since` merges the own `fieldSince` of each ancestor, root first (a child overrides).
 */
function fieldRows(cls: ObjectClass): FieldRow[] {
  const chain = lineage(cls);
  const since: Record<string, string> = {};
  for (const c of chain) if (own(c, 'fieldSince')) Object.assign(since, c.fieldSince);
  const rows: FieldRow[] = [];
  const seen = new Set<string>();
  for (const c of [...chain].reverse()) {
    if (!own(c, 'fieldSpecs')) continue;
    for (const [name, spec] of Object.entries(c.fieldSpecs)) {
      if (seen.has(name)) continue;
      seen.add(name);
      rows.push({ name, spec, declaredIn: c.objName, since: since[name] ?? cls.versions[0] });
    }
  }
  return rows;
}

const link = (objName: string): string => `[${objName}](${objName}.md)`;

function typeText(spec: FieldSpec): string {
  const t = spec.type as FieldSpec['type'] & { readonly objName?: string; readonly subclasses?: boolean };
  switch (t.kind) {
    case 'object':
      return `${link(t.objName!)}${t.subclasses ? ' or a subclass' : ''}`;
    case 'objectList':
      return `list of ${link(t.objName!)}`;
    case 'scalarList':
      // The element type is not kept on the field type; Field.listOfIPAddress is the only scalar list, and a
      // new one must not be documented as it by mistake.
      try {
        t.coerce(['not an address']);
      } catch {
        return 'list of IPAddress';
      }
      throw new Error('a scalar list field that is not a list of IP addresses: teach typeText its element type');
    default:
      return t.validValues ? `${t.reprName}: ${t.validValues.map((v) => `\`${v}\``).join(', ')}` : t.reprName;
  }
}

/** Values the constructor gives to fields the caller did not pass (os-vif's Network() has some), by field. */
function constructorDefaults(cls: ObjectClass): Map<string, string> {
  const obj = new cls() as VersionedObject & Record<string, unknown>;
  const out = new Map<string, string>();
  for (const { name } of fieldRows(cls)) {
    if (!obj.isSet(name as never)) continue;
    const v = obj[name];
    out.set(name, v instanceof VersionedObject ? `an empty ${v.objName}` : `\`${JSON.stringify(v)}\``);
  }
  return out;
}

function defaultText(row: FieldRow, ctor: Map<string, string>): string {
  const parts: string[] = [];
  if (row.spec.hasDefault) parts.push(`\`${JSON.stringify(row.spec.default)}\` (setDefaults)`);
  const c = ctor.get(row.name);
  if (c !== undefined) parts.push(`${c} (constructor)`);
  return parts.length ? parts.join('; ') : '—';
}

function subclassesOf(cls: ObjectClass): string[] {
  return objectRegistry
    .classes()
    .filter((c) => Object.getPrototypeOf(c) === cls)
    .map((c) => c.objName)
    .sort();
}

/** Where the class is defined, for its doc comments (the pages hold the data, the source the prose). */
function sourceFile(objName: string): string {
  if (/^VIFPortProfile/.test(objName)) return 'port-profile.ts';
  if (/^DatapathOffload/.test(objName)) return 'datapath-offload.ts';
  if (/^VIF/.test(objName)) return 'vif.ts';
  if (/^Host/.test(objName)) return 'host-info.ts';
  if (objName === 'InstanceInfo') return 'instance-info.ts';
  return 'network.ts';
}

function classPage(cls: ObjectClass): string {
  const rows = fieldRows(cls);
  const ctor = constructorDefaults(cls);
  const chain = lineage(cls);
  const parent = chain.length > 1 ? chain[chain.length - 2].objName : undefined;
  const subs = subclassesOf(cls);
  const lines = [
    `# ${cls.objName}`,
    '',
    `<!-- Generated by npm run docs:objects from the @osvif/objects registry; do not edit. -->`,
    '',
    `- Wire name: \`${cls.objName}\` (namespace \`os_vif\`), current version **${cls.VERSION}**; history ${cls.versions.join(', ')}`,
    `- Extends: ${parent ? link(parent) : '`VersionedObject`'}${subs.length ? `; subclasses: ${subs.map(link).join(', ')}` : ''}`,
    `- Source: [packages/objects/src/classes/${sourceFile(cls.objName)}](../../packages/objects/src/classes/${sourceFile(cls.objName)}) (field descriptions)`,
    '',
    '## Fields',
    '',
  ];
  if (rows.length === 0) lines.push('None.');
  else {
    lines.push('In wire order. No field is required on the wire; unset, null and a value are three different states.', '');
    lines.push('| field | type | nullable | default | since | declared in |', '|---|---|---|---|---|---|');
    for (const r of rows) {
      const declared = r.declaredIn === cls.objName ? 'this class' : link(r.declaredIn);
      lines.push(
        `| \`${r.name}\` | ${typeText(r.spec)} | ${r.spec.nullable ? 'yes' : 'no'} | ${defaultText(r, ctor)} | ${r.since} | ${declared} |`,
      );
    }
  }
  lines.push('', '## Version history', '', '| version | fields added |', '|---|---|');
  for (const v of cls.versions) {
    const added = rows.filter((r) => r.since === v).map((r) => `\`${r.name}\``);
    const first = v === cls.versions[0];
    lines.push(`| ${v} | ${added.length ? added.join(', ') : first ? 'none' : 'no field change (a child class or a parent changed)'} |`);
  }
  if (cls.versions.length > 1) {
    lines.push('', 'Written at an older version (`toPrimitive(version)`), the fields added after it are left out.');
  }
  return `${lines.join('\n')}\n`;
}

/** Groups of the index, by the base class a class is or extends (first match wins). */
const GROUPS: readonly (readonly [string, string])[] = [
  ['VIFs', 'VIFBase'],
  ['Port profiles', 'VIFPortProfileBase'],
  ['Datapath offload', 'DatapathOffloadBase'],
  ['Host info (negotiation)', 'HostInfo'],
  ['Host info (negotiation)', 'HostPluginInfo'],
  ['Host info (negotiation)', 'HostVIFInfo'],
  ['Host info (negotiation)', 'HostPortProfileInfo'],
  ['Instance', 'InstanceInfo'],
];

function indexPage(classes: readonly ObjectClass[]): string {
  const groups = new Map<string, ObjectClass[]>();
  for (const cls of classes) {
    const group = GROUPS.find(([, base]) => objectRegistry.isA(cls, base))?.[0] ?? 'Network';
    groups.set(group, [...(groups.get(group) ?? []), cls]);
  }
  const lines = [
    '# Object classes',
    '',
    '<!-- Generated by npm run docs:objects from the @osvif/objects registry; do not edit. -->',
    '',
    `The ${classes.length} os-vif object classes of \`@osvif/objects\`, a page each: fields in wire order with their`,
    'types, nullability, defaults and the version that added them. The object model and its wire format are',
    'described in [../objects.md](../objects.md); sample VIF and InstanceInfo JSON is in [../samples](../samples/README.md).',
  ];
  for (const name of ['VIFs', 'Port profiles', 'Datapath offload', 'Network', 'Instance', 'Host info (negotiation)']) {
    lines.push('', `## ${name}`, '', '| class | version | extends | fields |', '|---|---|---|---|');
    for (const cls of groups.get(name) ?? []) {
      const chain = lineage(cls);
      const parent = chain.length > 1 ? link(chain[chain.length - 2].objName) : '—';
      lines.push(`| ${link(cls.objName)} | ${cls.VERSION} | ${parent} | ${fieldRows(cls).length} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Every page: file name (in docs/objects/) -> Markdown text. */
export function renderObjectPages(): Map<string, string> {
  const classes = [...objectRegistry.classes()].sort((a, b) => (a.objName < b.objName ? -1 : 1)) as ObjectClass[];
  const pages = new Map<string, string>([['README.md', indexPage(classes)]]);
  for (const cls of classes) pages.set(`${cls.objName}.md`, classPage(cls));
  return pages;
}
