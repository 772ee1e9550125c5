// `osvif objects convert` as a user runs it: the BUILT bin in a child process
// (the test command builds before Jest runs).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FixedIP, VIFVHostUser, VIFPortProfileOpenVSwitch } from '@osvif/objects';

const REPO = join(__dirname, '../../../..');
const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const VIF_ID = 'b679325f-ca89-4ee0-a8be-6db1409b69ea';

function osvif(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const vhu = () =>
  new VIFVHostUser({
    id: VIF_ID,
    vif_name: 'vhu0',
    path: '/var/run/vhu0',
    mode: 'client',
    plugin: 'ovs',
    port_profile: new VIFPortProfileOpenVSwitch({ interface_id: VIF_ID, profile_id: 'p', create_tap: true }),
  });

describe('osvif objects convert', () => {
  it('validates and writes one primitive back (one line of JSON), exit 0', () => {
    const text = JSON.stringify(vhu());
    const r = osvif(['objects', 'convert'], text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${text}\n`);
  });

  it('--to backlevels the top object; --manifest the nested ones', () => {
    const r = osvif(['objects', 'convert', '--to', '1.0', '--manifest', '{"VIFPortProfileBase":"1.0"}'], JSON.stringify(vhu()));
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading JSON output
    expect(p['versioned_object.version']).toBe('1.0');
    expect(p['versioned_object.data'].vif_name).toBeUndefined();
    expect(p['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.0');
    expect(p['versioned_object.data'].port_profile['versioned_object.data']).toEqual({ interface_id: VIF_ID, profile_id: 'p' });
  });

  it.each([
    [['objects', 'convert'], '{', /^osvif: error: MalformedPrimitiveError: .*invalid JSON/],
    [
      ['objects', 'convert'],
      JSON.stringify({ ...new FixedIP({ address: '10.0.0.1' }).toPrimitive(), 'versioned_object.name': 'FixedIPv9' }),
      /UnsupportedObjectError: Unsupported object type FixedIPv9/,
    ],
    [
      ['objects', 'convert', '--to', '1.5'],
      JSON.stringify(vhu()),
      /InvalidTargetVersionError: Invalid target version 1.5 for VIFVHostUser/,
    ],
    [
      ['objects', 'convert'],
      JSON.stringify({ ...vhu().toPrimitive(), 'versioned_object.data': { mode: 'Client' } }),
      /FieldValueError: VIFVHostUser.mode: .*data.mode/,
    ],
  ])('invalid input %#: one line on stderr, exit 1, no stack', (args, input, message) => {
    const r = osvif(args, input);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--to', 'newest'], /ConvertUsageError: --to/],
    [['--manifest', '{"Network":1}'], /ConvertUsageError: --manifest/],
  ])('a bad option %#: one line on stderr, exit 2 (usage); with --json the failure object on stdout', (args, message) => {
    const r = osvif(['objects', 'convert', ...args], JSON.stringify(vhu()));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    const json = osvif(['objects', 'convert', '--json', ...args], JSON.stringify(vhu()));
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exit_status: 2, error: { code: 'CONVERT_USAGE' } });
  });

  it('--json: an invalid document gives the failure object on stdout, exit 1', () => {
    const r = osvif(['--json', 'objects', 'convert'], '{');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_status: 1, error: { code: 'MALFORMED_PRIMITIVE' } });
  });

  it('--debug adds the stack trace', () => {
    const r = osvif(['--debug', 'objects', 'convert'], '{');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--lines answers line for line; bad lines get {"error"} and exit 1', () => {
    const good = JSON.stringify(vhu());
    const r = osvif(['objects', 'convert', '--lines', '--to', '1.0'], `${good}\nnope\n${good}\n{"versioned_object.name":"VIFVHostUser"}\n`);
    expect(r.code).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0]['versioned_object.version']).toBe('1.0');
    expect(out[1].error).toMatch(/MalformedPrimitiveError/);
    expect(out[2]['versioned_object.version']).toBe('1.0');
    expect(out[3].error).toMatch(/versioned_object.namespace: missing required key/);
    expect(r.stderr).toBe('');
  });

  it('--lines with only good lines exits 0', () => {
    const good = JSON.stringify(vhu());
    const r = osvif(['objects', 'convert', '--lines'], `${good}\n${good}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${good}\n${good}\n`);
  });

  it('--lines streams: the answer to a line arrives while stdin is still open', async () => {
    const child = spawn(process.execPath, [BIN, 'objects', 'convert', '--lines'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    const first = new Promise<string>((resolve) => child.stdout.once('data', (d: string) => resolve(d)));
    child.stdin.write(`${JSON.stringify(vhu())}\n`);
    expect(JSON.parse(await first)['versioned_object.name']).toBe('VIFVHostUser');
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end();
    expect(await closed).toBe(0);
  });
});
