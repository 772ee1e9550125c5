export { hybridNames, perPortBridgeNames, vhostUserPortName, dpdkRepresentorName } from '@osvif/plugin-ovs';
import { qosExternalIds } from '../../src/ovsdb';

/** external_ids:id of the QoS row upstream makes for port `dev` (uuid5). */
export function qosIdFor(dev: string): string {
  return qosExternalIds(dev, 'linux-noop').id;
}
