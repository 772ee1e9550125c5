// VIF builders shared by the parity suites, the concurrency test, the plug
// bench and the sandbox: the test kit's builders, under the names the parity
// code uses. Callers pass `n`: ids are then deterministic (index-based), so
// names derived from them (tap…, qvb…, qvo…, qbr…, vhu…) are the same on both sides.
import { InstanceInfo } from '@osvif/objects';
import { testInstanceInfo } from '@osvif/testkit';

export {
  TEST_INSTANCE_UUID as INSTANCE_UUID,
  TEST_NETWORK_ID as NETWORK_ID,
  testVifId as vifId,
  testInterfaceId as interfaceId,
  testMac as macFor,
  derivedNames,
  testOvsVif as ovsVif,
  testHybridVif as hybridVif,
  testVhostUserVif as vhostUserVif,
  testLinuxBridgeVif as linuxBridgeVif,
} from '@osvif/testkit';

/** The InstanceInfo of a parity run (uuid INSTANCE_UUID). */
export function instanceInfo(name = 'parity-vm'): InstanceInfo {
  return testInstanceInfo({ name });
}
