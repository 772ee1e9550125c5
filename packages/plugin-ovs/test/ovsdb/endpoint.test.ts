import { OvsdbInvalidArgumentError, parseEndpoint } from '@osvif/ovsdb';
import { ExecFileCommandRunner } from '@osvif/runtime';
import { createOvsDriver, DEFAULT_OVSDB_ENDPOINT, NativeOvsDriver, qosExternalIds } from '../../src/ovsdb';

describe('parseEndpoint and createOvsDriver arguments', () => {
  it('accepts the ovsdb_connection forms os-vif accepts', () => {
    expect(parseEndpoint('unix:/run/x/db.sock')).toMatchObject({ kind: 'unix', path: '/run/x/db.sock' });
    expect(parseEndpoint('tcp:127.0.0.1:6640')).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 6640 });
    expect(parseEndpoint('tcp:[::1]:6640')).toMatchObject({ kind: 'tcp', host: '::1', port: 6640 });
  });

  it('refuses anything else with a typed error', () => {
    for (const bad of ['', 'unix:', 'tcp:host', 'tcp:host:0', 'tcp:host:70000', 'ssl:1.2.3.4:6640', '/run/db.sock', 'tcp:a b:1']) {
      expect(() => parseEndpoint(bad)).toThrow(OvsdbInvalidArgumentError);
    }
    expect(() => parseEndpoint(5 as unknown as string)).toThrow(OvsdbInvalidArgumentError);
  });

  it('createOvsDriver validates interface and timeout', () => {
    expect(() => createOvsDriver({ connection: 'unix:/x', interface: 'idl' as never, timeoutSeconds: 5 })).toThrow(/native' or 'vsctl/);
    expect(() => createOvsDriver({ connection: 'unix:/x', interface: 'native', timeoutSeconds: 0 })).toThrow(OvsdbInvalidArgumentError);
    expect(() =>
      createOvsDriver({ connection: 'bogus', interface: 'vsctl', timeoutSeconds: 5, runner: new ExecFileCommandRunner() }),
    ).toThrow(OvsdbInvalidArgumentError);
  });

  it("an empty ovsdb_connection means ovs-vsctl's default local socket (native: that endpoint; vsctl: no --db)", async () => {
    const native = createOvsDriver({ connection: '', interface: 'native', timeoutSeconds: 5 }) as NativeOvsDriver;
    expect(native.client.endpoint.text).toBe(DEFAULT_OVSDB_ENDPOINT); // connects lazily: nothing is touched here
    await native.close();
    const seen: string[][] = [];
    const vsctl = createOvsDriver({
      connection: '',
      interface: 'vsctl',
      timeoutSeconds: 5,
      runner: {
        run: async (_file, args) => (seen.push([...args]), { stdout: '{"data":[],"headings":["name"]}\n', stderr: '', exitCode: 0 }),
      },
    });
    await vsctl.listPorts('br0').catch(() => undefined);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.flat().some((a) => a.startsWith('--db'))).toBe(false);
  });

  it("qosExternalIds matches upstream os-vif's uuid5 identity", () => {
    // Value computed with Python's uuid.uuid5(QOS_UUID_NAMESPACE, 'tap-xxx-yyy-zzz'), as in the upstream reference.
    expect(qosExternalIds('tap-xxx-yyy-zzz', 'linux-noop')).toEqual({ id: '6ebf2c4f-5d7e-5eb1-9c3e-01497c264aff', _type: 'linux-noop' });
  });
});
