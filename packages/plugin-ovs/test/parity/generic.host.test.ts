// Parity: generic VIFOpenVSwitch (with and without create_port), plugged and
// unplugged by os-vif 3.0.0 and by osvif, must leave identical state.
import { disposeAllNetns } from '@osvif/testkit';
import { formatDiff, ovsVif, derivedNames } from '@osvif/conformance';
import { createOvsPair, DRIVERS, OvsPair } from './pair';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('generic VIFOpenVSwitch parity (%s driver)', (driver) => {
  let pair: OvsPair;
  beforeAll(async () => {
    pair = await createOvsPair(driver);
  });
  afterEach(async () => {
    await pair?.cleanup();
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it('create_port: same bridge, port and interface rows; unplug removes the port on both', async () => {
    const vif = ovsVif({ n: 1, createPort: true });
    const plugged = await pair.step('plug', [vif]);
    expect(plugged.referenceState.ovs?.ports[vif.vif_name]?.bridge).toBe('br-int');
    expect(formatDiff(plugged.diff)).toBe('(no differences)');
    const unplugged = await pair.step('unplug', [vif]);
    expect(unplugged.referenceState.ovs?.ports[vif.vif_name]).toBeUndefined();
    expect(unplugged.report).toBe('(no differences)');
  });

  it('without create_port: only the bridge is ensured (libvirt adds the port)', async () => {
    const vif = ovsVif({ n: 2, createPort: false, bridge: 'br-nocreate' });
    const plugged = await pair.step('plug', [vif]);
    expect(plugged.referenceState.ovs?.bridges['br-nocreate']).toEqual({
      datapath_type: 'netdev',
      ports: ['br-nocreate'],
      external_ids: {},
    });
    expect(plugged.report).toBe('(no differences)');
    const unplugged = await pair.step('unplug', [vif]);
    expect(unplugged.report).toBe('(no differences)');
  });

  it('re-plug of a plugged generic VIF changes nothing, unplug of an absent one is a no-op', async () => {
    const vif = ovsVif({ n: 3, createPort: true });
    await pair.step('plug', [vif]);
    const again = await pair.step('plug', [vif]);
    expect(again.referenceState.ovs?.ports[derivedNames(vif.id).tap]).toBeDefined();
    expect(again.report).toBe('(no differences)');
    await pair.step('unplug', [vif]);
    const twice = await pair.step('unplug', [vif]);
    expect(twice.report).toBe('(no differences)');
  });
});
