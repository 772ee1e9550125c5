// oslo.config's $-interpolation in Config (the real oslo.config agrees value for value: packages/conformance/test/config/oslo-oracle.host.test.ts).
import { defineOptions, type ConfigOptions } from '@osvif/sdk';
import { Config, ConfigInterpolationError, ConfigValueError } from '@osvif/runtime';
import { RUNTIME_OPTIONS } from '../../src/config/settings';
import { interpolate } from '../../src/config/interpolate';

const OPTS = defineOptions({
  path: { type: 'str', help: 'p' },
  count: { type: 'int', default: 3, help: 'c' },
  flag: { type: 'bool', default: true, help: 'f' },
  names: { type: 'list', default: ['a', 'b'], help: 'n' },
  from_default: { type: 'str', default: '$path/x', help: 'd' },
});

const valueOf = (c: Config, group: string, name: string, options: ConfigOptions = OPTS): unknown => c.values(group, options)[name];
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('interpolate (string.Template with safe_substitute)', () => {
  const look = (ref: string) => `<${ref}>`;
  it.each([
    ['$a/b', '<a>/b'],
    ['${a}b', '<a>b'],
    ['${grp.opt}', '<grp.opt>'],
    ['$grp.opt/x', '<grp.opt>/x'],
    ['$$a', '$a'],
    ['\\$a', '$a'],
    ['$$$a', '$<a>'],
    ['cost $5 and $ and ${} and ${a', 'cost $5 and $ and ${} and ${a'],
    ['$STATE_path', '<STATE_path>'],
    ['no dollar', 'no dollar'],
    ['$a$b', '<a><b>'],
  ])('%s -> %s', (raw, out) => {
    expect(interpolate(raw, look)).toBe(out);
  });
});

describe('Config interpolation', () => {
  it("resolves Nova's lock_path = $state_path/tmp from [DEFAULT], in [oslo_concurrency] and in [osvif]", () => {
    const nova = Config.fromText('[DEFAULT]\nstate_path = /var/lib/nova\n[oslo_concurrency]\nlock_path = $state_path/tmp\n', 'nova.conf');
    const [lock] = nova.resolveGroup('osvif', RUNTIME_OPTIONS).filter((r) => r.name === 'lock_path');
    expect(lock).toMatchObject({ value: '/var/lib/nova/tmp', raw: '$state_path/tmp', source: { kind: 'file', line: 4 } });
    const own = Config.fromText('[DEFAULT]\nstate_path = /s\n[osvif]\nlock_path = ${state_path}/locks\n');
    expect(valueOf(own, 'osvif', 'lock_path', RUNTIME_OPTIONS)).toBe('/s/locks');
  });

  it('looks in the referring group first, then DEFAULT; a referenced value is itself interpolated', () => {
    const c = Config.fromText('[DEFAULT]\nroot = /r\npath = $root/default\n[g]\npath = $root/g\n[h]\nother = ${g.path}/h\n');
    expect(valueOf(c, 'g', 'path')).toBe('/r/g');
    expect(valueOf(c, 'h', 'path')).toBeUndefined();
    expect(c.values('h', defineOptions({ other: { type: 'str', help: 'o' } })).other).toBe('/r/g/h');
  });

  it("gives a declared option's typed value as Python prints it, and its default when unset", () => {
    const c = Config.fromText('[g]\npath = c=$count f=$flag n=$names\n');
    expect(valueOf(c, 'g', 'path')).toBe("c=3 f=True n=['a', 'b']");
    const set = Config.fromText('[g]\ncount = 7\nflag = no\npath = $count-$flag\n');
    expect(valueOf(set, 'g', 'path')).toBe('7-False');
  });

  it('interpolates defaults, environment values and every value of a multi-valued option', () => {
    const c = Config.fromText('[g]\npath = /p\n', 'f', { OSVIF_G__COUNT: '${g.count_base}1', OSVIF_G__COUNT_BASE: '4' });
    expect(valueOf(c, 'g', 'from_default')).toBe('/p/x');
    expect(valueOf(c, 'g', 'count')).toBe(41);
    const multi = defineOptions({ m: { type: 'multi-str', default: [], help: 'm' } });
    const m = Config.fromText('[DEFAULT]\nv = 1\n[g]\nm = a$v\nm = b$v\n');
    expect(m.values('g', multi).m).toEqual(['a1', 'b1']);
  });

  it('validates the interpolated value, naming the line that holds the reference', () => {
    const c = Config.fromText('[DEFAULT]\nn = many\n[g]\ncount = $n\n', 'f.conf');
    expect(thrown(() => c.values('g', OPTS))).toMatchObject({ constructor: ConfigValueError, where: 'f.conf:4', value: 'many' });
  });

  it('names an unknown reference and a circle with a typed error', () => {
    const unknown = thrown(() =>
      Config.fromText('[oslo_concurrency]\nlock_path = $state_path/tmp\n', 'nova.conf').values('osvif', RUNTIME_OPTIONS),
    );
    expect(unknown).toBeInstanceOf(ConfigInterpolationError);
    expect(unknown).toMatchObject({ where: 'nova.conf:2', group: 'oslo_concurrency', option: 'lock_path', reference: 'state_path' });
    expect((unknown as Error).message).toContain('[oslo_concurrency] state_path, then [DEFAULT] state_path');

    const circle = thrown(() => Config.fromText('[DEFAULT]\na = $b\nb = ${a}\n[g]\npath = $a\n').values('g', OPTS));
    expect(circle).toBeInstanceOf(ConfigInterpolationError);
    expect((circle as Error).message).toContain('circular reference (g.path -> DEFAULT.a -> DEFAULT.b -> DEFAULT.a)');
    const named = thrown(() => Config.fromText('[DEFAULT]\na = 1\n[g]\npath = ${DEFAULT.a}\n').values('g', OPTS));
    expect(named).toMatchObject({ constructor: ConfigInterpolationError, reference: 'DEFAULT.a' });
    expect((named as Error).message).toContain('write $a');
    const self = thrown(() => Config.fromText('[g]\npath = x$path\n').values('g', OPTS));
    expect((self as Error).message).toContain('circular reference (g.path -> g.path)');
  });
});
