// The real oslo.config (Debian's python3-oslo.config, /usr/bin/python3) as the oracle: it parses the same files
// with the same options registered (osvif's [osvif] and the two plugins' groups, plus the Nova options a nova.conf
// refers to), and Config must agree value for value: interpolation, escapes, multi-valued keys, continuation
// lines, quotes, deprecated groups, later files winning. Where oslo raises, Config raises a typed error.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigOptions } from '@osvif/sdk';
import { Config, ConfigError } from '@osvif/runtime';
import { OVS_OPTIONS } from '@osvif/plugin-ovs';
import { LINUX_BRIDGE_OPTIONS } from '@osvif/plugin-linux-bridge';
import { RUNTIME_OPTIONS } from '../../../runtime/src/config/settings';

const GROUPS: Readonly<Record<string, ConfigOptions>> = {
  osvif: RUNTIME_OPTIONS,
  os_vif_ovs: OVS_OPTIONS,
  os_vif_linux_bridge: LINUX_BRIDGE_OPTIONS,
};
/** Options Nova registers that a nova.conf refers to (registered on the oslo side only: osvif does not declare them). */
const NOVA_DEFAULT = ['state_path', 'my_ip', 'host'];

const ORACLE = `
import json, sys
from oslo_config import cfg
spec = json.load(sys.stdin)
conf = cfg.ConfigOpts()
kinds = {'str': cfg.StrOpt, 'int': cfg.IntOpt, 'bool': cfg.BoolOpt, 'list': cfg.ListOpt, 'multi-str': cfg.MultiStrOpt}
for name in spec['nova']:
    conf.register_opt(cfg.StrOpt(name))
for group, opts in spec['groups'].items():
    for name, o in opts.items():
        kw = {}
        for ours, theirs in (('default', 'default'), ('deprecatedGroup', 'deprecated_group'), ('choices', 'choices'), ('ignoreCase', 'ignore_case'), ('min', 'min'), ('max', 'max')):
            if o.get(ours) is not None:
                kw[theirs] = o[ours]
        if o['type'] not in ('int',):
            kw.pop('min', None); kw.pop('max', None)
        conf.register_opt(kinds[o['type']](name, **kw), group=group)
conf(args=spec['args'], project='oracle', default_config_files=[], default_config_dirs=[], use_env=False)
out = {}
for group, opts in spec['groups'].items():
    for name in opts:
        try:
            out[group + '.' + name] = {'value': conf[group][name]}
        except Exception as e:
            out[group + '.' + name] = {'error': type(e).__name__}
print(json.dumps(out))
`;

type Outcome = { value: unknown } | { error: string };

/** oslo.config's values for the command line `args` (--config-file, --config-dir). */
function osloArgs(args: readonly string[]): Record<string, Outcome> {
  const input = JSON.stringify({ nova: NOVA_DEFAULT, groups: GROUPS, args });
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', ORACLE], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }),
  ) as Record<string, Outcome>;
}

const oslo = (files: readonly string[]) => osloArgs(files.flatMap((f) => ['--config-file', f]));

function osvif(files: readonly string[]): Record<string, Outcome> {
  const config = new Config({ files });
  for (const [group, options] of Object.entries(GROUPS)) {
    try {
      config.resolveGroup(group, options); // declares every option of the group
    } catch {
      // reported per option below
    }
  }
  const out: Record<string, Outcome> = {};
  for (const [group, options] of Object.entries(GROUPS)) {
    for (const [name, spec] of Object.entries(options)) {
      try {
        const v = config.values(group, { [name]: spec })[name];
        out[`${group}.${name}`] = { value: v ?? null };
      } catch (e) {
        out[`${group}.${name}`] = { error: e instanceof ConfigError ? 'ConfigError' : String(e) };
      }
    }
  }
  return out;
}

/** oslo's error classes for what Config reports as a ConfigError. */
const normalise = (o: Record<string, Outcome>): Record<string, Outcome> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, 'error' in v ? { error: 'ConfigError' } : v]));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-oracle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(...texts: string[]): string[] {
  return texts.map((text, i) => {
    const p = join(dir, `${expect.getState().currentTestName?.replace(/\W+/g, '_')}-${i}.conf`);
    writeFileSync(p, text);
    return p;
  });
}

const NOVA_CONF = `[DEFAULT]
state_path = /var/lib/nova
my_ip = 192.0.2.10
host = compute-1
# Nova's own options are not osvif's business, but their values are referenced:
debug = true

[oslo_concurrency]
lock_path = $state_path/tmp

[os_vif_ovs]
ovsdb_connection = tcp:\${my_ip}:6640
ovs_vsctl_timeout = 1$network_device_mtu
isolate_vif: "true"
network_device_mtu = 9000

[os_vif_linux_bridge]
flat_interface = eth$$1
vlan_interface = \\$notref
forward_bridge_interface = br-$host
forward_bridge_interface = all
iptables_top_regex = a
  b$state_path
iptables_bottom_regex = cost $5 and \${}
`;

describe('Config agrees with oslo.config', () => {
  it("on a nova.conf with Nova's $-references, escapes, quotes, continuation lines and multi-valued keys", () => {
    const f = files(NOVA_CONF);
    const theirs = oslo(f);
    expect(theirs['osvif.lock_path']).toEqual({ value: '/var/lib/nova/tmp' }); // the oracle really interpolates
    expect(osvif(f)).toEqual(theirs);
  });

  it('when a later file overrides a value an earlier one refers to', () => {
    const f = files(
      '[DEFAULT]\nstate_path = /a\n[osvif]\nlock_path = $state_path/locks\n[os_vif_ovs]\nnetwork_device_mtu = 1400\n',
      '[DEFAULT]\nstate_path = /b\n[os_vif_ovs]\novs_vsctl_timeout = ${os_vif_ovs.network_device_mtu}0\n',
    );
    const theirs = oslo(f);
    expect(theirs['osvif.lock_path']).toEqual({ value: '/b/locks' });
    expect(osvif(f)).toEqual(theirs);
  });

  it('when a key is written with dashes (oslo looks options up by their dest: a dashed key is not the option)', () => {
    const f = files('[osvif]\nlock-timeout = 42\n[os_vif_ovs]\novs-vsctl-timeout = 7\nnetwork_device_mtu = 1400\n');
    const theirs = oslo(f);
    expect(theirs['osvif.lock_timeout']).toEqual({ value: 300 }); // the default: oslo ignored the dashed key
    expect(theirs['os_vif_ovs.network_device_mtu']).toEqual({ value: 1400 });
    expect(osvif(f)).toEqual(theirs);
  });

  it('when a reference names nothing or goes round in a circle (oslo raises; Config raises ConfigError)', () => {
    const f = files(
      '[DEFAULT]\nmy_ip = 192.0.2.1\n[osvif]\nlock_path = $nowhere/tmp\n[os_vif_ovs]\novsdb_connection = $ovs_vsctl_timeout\n' +
        'ovs_vsctl_timeout = $ovsdb_connection\n[os_vif_linux_bridge]\nflat_interface = ${DEFAULT.my_ip}\nvlan_interface = ${nogroup.x}\n',
    );
    const theirs = oslo(f);
    expect(theirs['osvif.lock_path']).toHaveProperty('error');
    expect(theirs['os_vif_ovs.ovsdb_connection']).toHaveProperty('error');
    expect(theirs['os_vif_linux_bridge.flat_interface']).toEqual({ error: 'NoSuchGroupError' }); // oslo has no group "DEFAULT" to name
    expect(theirs['os_vif_linux_bridge.vlan_interface']).toEqual({ error: 'NoSuchGroupError' });
    expect(osvif(f)).toEqual(normalise(theirs));
  });
});

/** `osvif config show --json` through the built CLI: group.option -> value, as the operator sees it. */
function configShow(args: readonly string[]): Record<string, Outcome> {
  const bin = join(__dirname, '../../../runtime/bin/osvif.js');
  const r = spawnSync(process.execPath, [bin, ...args, 'config', 'show', '--json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const shown = JSON.parse(r.stdout) as { options: { group: string; option: string; value: unknown }[] };
  return Object.fromEntries(shown.options.map((o) => [`${o.group}.${o.option}`, { value: o.value }]));
}

describe('osvif config show --json agrees with oslo.config', () => {
  it('on --config-file and --config-dir (*.conf only, lexical order, later wins), value for value', () => {
    const plugins = ['plugin-ovs', 'plugin-linux-bridge'].map((p) => join(__dirname, '../../..', p)).join(',');
    const nova = files(
      `[DEFAULT]\nstate_path = /var/lib/nova\nmy_ip = 192.0.2.10\nhost = compute-1\n\n[osvif]\nplugins = ${plugins}\n\n` +
        `[oslo_concurrency]\nlock_path = $state_path/tmp\n\n[os_vif_ovs]\novsdb_connection = tcp:\${my_ip}:6640\n` +
        `ovs_vsctl_timeout = 1$network_device_mtu\n\n[os_vif_linux_bridge]\nflat_interface = eth1\n` +
        `forward_bridge_interface = br-$host\nforward_bridge_interface = all\niptables_top_regex = cost $$5\n`,
    )[0];
    const confDir = join(dir, 'nova.conf.d');
    mkdirSync(confDir);
    // Lexical order: 10 before 9 (a string sort), so 9-... wins where both set a value; .txt and .conf~ are not read.
    writeFileSync(join(confDir, '9-late.conf'), '[DEFAULT]\nstate_path = /srv/nine\n[os_vif_ovs]\nnetwork_device_mtu = 1450\n');
    writeFileSync(
      join(confDir, '10-early.conf'),
      '[DEFAULT]\nstate_path = /srv/ten\n[os_vif_ovs]\nnetwork_device_mtu = 1400\nper_port_bridge = true\n',
    );
    writeFileSync(join(confDir, 'ignored.txt'), '[DEFAULT]\nstate_path = /nowhere\n');
    writeFileSync(join(confDir, '99-backup.conf~'), '[DEFAULT]\nstate_path = /nowhere\n');
    const args = ['--config-file', nova, '--config-dir', confDir];
    const theirs = osloArgs(args);
    expect(theirs['osvif.lock_path']).toEqual({ value: '/srv/nine/tmp' }); // the oracle read the directory, 9 last
    expect(theirs['os_vif_ovs.per_port_bridge']).toEqual({ value: true });
    const shown = configShow(args);
    // config show also lists Nova's [DEFAULT] logging options (not registered on the oslo side here).
    expect(shown['DEFAULT.use_json']).toEqual({ value: false });
    const ours = Object.fromEntries(Object.entries(shown).filter(([k]) => !k.startsWith('DEFAULT.')));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(ours).toEqual(theirs);
  });
});
