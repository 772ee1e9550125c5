// The native driver's destroyQos asks its monitor cache first: no matching QoS
// row means no transaction at all (no next_cfg bump, no cur_cfg wait): this is
// what every unplug and every new system-datapath port pays. Rows made by
// another client are still found once the cache has their update.
import { NativeOvsDriver, qosExternalIds } from '../../src/ovsdb';
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';

let ovs: PrivateOvs;
let d: NativeOvsDriver;
beforeAll(async () => {
  ovs = await startPrivateOvs();
  d = new NativeOvsDriver({ connection: ovs.dbEndpoint, timeoutMs: 10_000 });
});
afterAll(async () => {
  await d?.close();
  await ovs?.stop();
});

const vsctlQosCount = async (id: string): Promise<number> =>
  (await ovs.vsctl(['--bare', '--columns=_uuid', 'find', 'QoS', `external_ids:id=${id}`])).split('\n').filter((l) => l.trim()).length;

it('no matching row: returns 0 without sending a transaction', async () => {
  await d.ensureBridge('brqc0', 'netdev'); // connected, cache filled
  const transact = jest.spyOn(d.client, 'transact');
  try {
    expect(await d.destroyQos({ id: qosExternalIds('nosuchport', 'linux-noop').id })).toBe(0);
    expect(transact).not.toHaveBeenCalled();
  } finally {
    transact.mockRestore();
  }
});

it('a row made by another client is destroyed (one transaction) once the cache has seen it', async () => {
  const ids = qosExternalIds('otherclientport', 'linux-noop');
  await ovs.vsctl(['create', 'QoS', 'type=linux-noop', `external_ids:id=${ids.id}`, `external_ids:_type=${ids._type}`]);
  expect(await vsctlQosCount(ids.id)).toBe(1);
  // Any write of ours returns after cur_cfg, whose update follows the QoS row's on our connection.
  await d.ensureBridge('brqc1', 'netdev');
  const transact = jest.spyOn(d.client, 'transact');
  try {
    expect(await d.destroyQos({ id: ids.id })).toBe(1);
    expect(transact).toHaveBeenCalledTimes(1);
  } finally {
    transact.mockRestore();
  }
  expect(await vsctlQosCount(ids.id)).toBe(0);
  // Only rows with ALL the given pairs match: another _type is not this row.
  await ovs.vsctl(['create', 'QoS', 'type=linux-noop', `external_ids:id=${ids.id}`, 'external_ids:_type=linux-htb']);
  await d.ensureBridge('brqc2', 'netdev');
  expect(await d.destroyQos({ id: ids.id, _type: 'linux-noop' })).toBe(0);
  expect(await vsctlQosCount(ids.id)).toBe(1);
  expect(await d.destroyQos({ id: ids.id })).toBe(1);
  expect(await vsctlQosCount(ids.id)).toBe(0);
});
