// The namespace a private OVS's ovs-vswitchd runs in when the test gives none. It needs no link agent, so it is
// made with `ip netns add` alone, named like createNetns's so the leak sweep and the host guard know it.
import { randomBytes } from 'node:crypto';
import { NETNS_PREFIX, ipNetns } from '../netns/ip';

export interface OvsTestNetns {
  readonly name: string;
  dispose(): Promise<void>;
}

export async function createOvsTestNetns(): Promise<OvsTestNetns> {
  const name = `${NETNS_PREFIX}${process.pid}-ovs${randomBytes(3).toString('hex')}`;
  await ipNetns(['add', name]);
  let done: Promise<void> | undefined;
  return {
    name,
    dispose: () =>
      (done ??= ipNetns(['del', name]).then(
        () => undefined,
        () => undefined,
      )),
  };
}
