// nova.conf-compatible config: oslo iniparser syntax, oslo value types,
// deprecated DEFAULT group, env overrides, typed errors naming file:line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineOptions } from '@osvif/sdk';
import { Config, ConfigFileError, ConfigSyntaxError, ConfigValueError } from '@osvif/runtime';
import { RUNTIME_OPTIONS } from '../../src/config/settings';
import { parseIni } from '../../src/config/ini';
import { describeSource } from '../../src/config/config';

// os-vif's [os_vif_linux_bridge] options, as a plugin declares them.
const LB = defineOptions({
  use_ipv6: { type: 'bool', default: false, deprecatedGroup: 'DEFAULT', help: 'ipv6' },
  iptables_drop_action: { type: 'str', default: 'DROP', deprecatedGroup: 'DEFAULT', help: 'drop' },
  forward_bridge_interface: { type: 'multi-str', default: ['all'], deprecatedGroup: 'DEFAULT', help: 'fwd' },
  vlan_interface: { type: 'str', deprecatedGroup: 'DEFAULT', help: 'vlan' },
  network_device_mtu: { type: 'int', default: 1500, deprecatedGroup: 'DEFAULT', help: 'mtu' },
  ovsdb_interface: { type: 'str', default: 'native', choices: ['vsctl', 'native'], help: 'iface' },
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('INI parsing (oslo iniparser rules)', () => {
  it('keeps repeated keys, joins continuation lines, strips one pair of quotes, accepts ":"', () => {
    const doc = parseIni(
      '[DEFAULT]\n# comment\n; other\nA = 1\nA = 2\nlong = first\n  second\n\tthird\nq = "quoted"\nc: colon=x\nDash-Key = v\n[Os_Vif_X]\nk=\n',
      'f',
    );
    const d = doc.get('DEFAULT')!;
    expect(d.get('A')!.map((v) => [v.value, v.line])).toEqual([
      ['1', 4],
      ['2', 5],
    ]);
    expect(d.get('long')![0].value).toBe('first\nsecond\nthird');
    expect(d.get('q')![0].value).toBe('quoted');
    expect(d.get('c')![0].value).toBe('colon=x');
    expect(d.get('Dash-Key')![0].value).toBe('v'); // as written: oslo does not read it as Dash_Key
    expect(d.get('Dash_Key')).toBeUndefined();
    expect(doc.get('os_vif_x')!.get('k')![0].value).toBe(''); // group names are case-insensitive
  });

  it.each([
    ['[DEFAULT\n', 'invalid section', 1],
    ['[]\n', 'empty section name', 1],
    ['[a]\njust words\n', "no ':' or '='", 2],
    ['[a]\n = v\n', 'unexpected continuation', 2],
    ['[a]\n= v\n', 'key cannot be empty', 2],
    ['  indented\n', 'unexpected continuation', 1],
    ['k = v\n', 'before any [section]', 1],
  ])('rejects %j with a typed error naming file and line', (text, reason, line) => {
    let err: unknown;
    try {
      parseIni(text, '/etc/nova/nova.conf');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigSyntaxError);
    expect(err).toMatchObject({ file: '/etc/nova/nova.conf', line });
    expect((err as Error).message).toContain(reason);
  });
});

describe('option values', () => {
  it('uses defaults, then the group, then deprecated DEFAULT, with sources', () => {
    const f = file(
      'a.conf',
      '[DEFAULT]\nuse_ipv6 = YES\nnetwork_device_mtu = 1400\nforward_bridge_interface = eth0\n[os_vif_linux_bridge]\nnetwork_device_mtu = 9000\nforward_bridge_interface = eth1\nforward_bridge_interface = eth2\n[libvirt]\nvirt_type = kvm\n',
    );
    const c = new Config({ files: [f] });
    expect(c.values('os_vif_linux_bridge', LB)).toEqual({
      use_ipv6: true,
      iptables_drop_action: 'DROP',
      forward_bridge_interface: ['eth1', 'eth2'],
      vlan_interface: undefined,
      network_device_mtu: 9000,
      ovsdb_interface: 'native',
    });
    const sources = Object.fromEntries(c.resolveGroup('os_vif_linux_bridge', LB).map((r) => [r.name, describeSource(r.source)]));
    expect(sources).toEqual({
      use_ipv6: `${f}:2 [DEFAULT]`,
      iptables_drop_action: 'default',
      forward_bridge_interface: `${f}:7`,
      vlan_interface: 'default',
      network_device_mtu: `${f}:6`,
      ovsdb_interface: 'default',
    });
  });

  it.each([
    ['true', true],
    ['False', false],
    ['yes', true],
    ['NO', false],
    ['1', true],
    ['0', false],
    ['on', true],
    ['Off', false],
  ])('reads bool %s as %s', (text, value) => {
    expect(Config.fromText(`[g]\nb = ${text}\n`).values('g', { b: { type: 'bool', help: 'b' } }).b).toBe(value);
  });

  it('lets later files override earlier ones and the environment override files', () => {
    const a = file('1.conf', '[os_vif_linux_bridge]\niptables_drop_action = REJECT\nnetwork_device_mtu = 1000\n');
    const b = file('2.conf', '[os_vif_linux_bridge]\nnetwork_device_mtu = 2000\n');
    const env = { OSVIF_OS_VIF_LINUX_BRIDGE__NETWORK_DEVICE_MTU: '3000', OSVIF_OS_VIF_LINUX_BRIDGE__FORWARD_BRIDGE_INTERFACE: 'a, b' };
    const c = new Config({ files: [a, b], env });
    const rows = c.resolveGroup('os_vif_linux_bridge', LB);
    const get = (n: string) => rows.find((r) => r.name === n)!;
    expect(get('iptables_drop_action')).toMatchObject({ value: 'REJECT', source: { kind: 'file', file: a, line: 2 } });
    expect(get('network_device_mtu')).toMatchObject({
      value: 3000,
      source: { kind: 'env', variable: 'OSVIF_OS_VIF_LINUX_BRIDGE__NETWORK_DEVICE_MTU' },
    });
    expect(get('forward_bridge_interface').value).toEqual(['a', 'b']);
  });

  it('reads the runtime settings from [osvif]', () => {
    const c = Config.fromText('[osvif]\nplugins = @osvif/plugin-noop, ./local\nplugins_required = on\n');
    expect(c.values('osvif', RUNTIME_OPTIONS)).toEqual({
      plugins: ['@osvif/plugin-noop', './local'],
      plugins_required: true,
      plugin_path: [],
      log_level: 'info',
      log_format: 'pino',
      lock_path: undefined,
      lock_timeout: 300,
      api_socket: '/run/osvif/osvif.sock',
      api_allowed_uids: [],
      api_allowed_gids: [],
      api_max_body_bytes: 1048576,
      api_request_timeout: 10,
      api_max_connections: 256,
      api_max_concurrency: 128,
    });
  });

  it.each([
    ['network_device_mtu = big', 'network_device_mtu', 'big', 'not an integer'],
    ['network_device_mtu = 15.5', 'network_device_mtu', '15.5', 'not an integer'],
    ['use_ipv6 = maybe', 'use_ipv6', 'maybe', 'not a boolean'],
    ['ovsdb_interface = carrier-pigeon', 'ovsdb_interface', 'carrier-pigeon', 'must be one of vsctl, native'],
  ])('names file, line, group, option and value of a bad value (%s)', (line, option, value, reason) => {
    const f = file('bad.conf', `[DEFAULT]\n\n[os_vif_linux_bridge]\n${line}\n`);
    let err: unknown;
    try {
      new Config({ files: [f] }).values('os_vif_linux_bridge', LB);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigValueError);
    expect(err).toMatchObject({ where: `${f}:4`, group: 'os_vif_linux_bridge', option, value, reason: expect.stringContaining(reason) });
  });

  it('reports a bad value in the deprecated group under that group, and a bad env value by variable', () => {
    expect(() => Config.fromText('[DEFAULT]\nuse_ipv6 = si\n', 'n.conf').values('os_vif_linux_bridge', LB)).toThrow(
      expect.objectContaining({ where: 'n.conf:2', group: 'DEFAULT', option: 'use_ipv6' }),
    );
    expect(() => new Config({ env: { OSVIF_OS_VIF_LINUX_BRIDGE__USE_IPV6: 'si' } }).values('os_vif_linux_bridge', LB)).toThrow(
      expect.objectContaining({ where: 'env OSVIF_OS_VIF_LINUX_BRIDGE__USE_IPV6', value: 'si' }),
    );
  });

  it('reads an empty integer as oslo does (unset) without a default, and refuses it where unset would hide a default (D60)', () => {
    const spec = defineOptions({ mtu: { type: 'int', help: 'm' }, timeout: { type: 'int', default: 120, help: 't' } });
    expect(Config.fromText('[g]\nmtu =\n', 'e.conf').values('g', { mtu: spec.mtu })).toEqual({ mtu: undefined });
    expect(() => Config.fromText('[g]\ntimeout =\n', 'e.conf').values('g', spec)).toThrow(
      expect.objectContaining({ where: 'e.conf:2', option: 'timeout', message: expect.stringContaining('oslo.config would read None') }),
    );
  });

  it('reports an unreadable file', () => {
    expect(() => new Config({ files: [join(dir, 'missing.conf')] })).toThrow(ConfigFileError);
    expect(() => new Config({ files: [join(dir, 'missing.conf')] })).toThrow(/ENOENT/);
  });
});
