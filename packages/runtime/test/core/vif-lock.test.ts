// Every operation holds its VIF's lock in LOCKS (cross-process with the default FileLockService: locks.host.test.ts
// and plugin-ovs's cli.host.test.ts run two processes on one VIF), named so that any VIF id is a safe file name.
import { Consumes, LockService, Plug, Unplug, VifPlugin } from '@osvif/sdk';
import { InstanceInfo, VIFBridge } from '@osvif/objects';
import { KeyedMutex, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { vifLockName } from '../../src/core/runtime';

const events: string[] = [];

/** A LockService that records which lock each handler ran under. */
class RecordingLocks implements LockService {
  private readonly inner = new KeyedMutex();
  held: string | undefined;
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.inner.withLock(name, async () => {
      this.held = name;
      try {
        return await fn();
      } finally {
        this.held = undefined;
      }
    });
  }
}
const locks = new RecordingLocks();

@VifPlugin({ name: 'locked' })
@Consumes(VIFBridge, '^1.0')
class LockedPlugin {
  @Plug(VIFBridge) async plug(vif: VIFBridge): Promise<void> {
    events.push(`plug ${vif.id} under ${locks.held}`);
  }
  @Unplug(VIFBridge) async unplug(vif: VIFBridge): Promise<void> {
    events.push(`unplug ${vif.id} under ${locks.held}`);
  }
}

describe('the per-VIF lock', () => {
  it('names the lock after the VIF id, or a digest of it when the id is not a plain file name', () => {
    expect(vifLockName('5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01')).toBe('osvif-vif-5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01');
    for (const hostile of ['../../etc/passwd', 'a/b', '.hidden', '', 'x'.repeat(65), 'tab\there', 'é']) {
      expect(vifLockName(hostile)).toMatch(/^osvif-vif-sha256-[0-9a-f]{32}$/);
    }
    expect(vifLockName('a/b')).not.toBe(vifLockName('a/c'));
  });

  it('is held by the runtime around every handler, under the VIF lock name', async () => {
    const rt = new OsVifRuntime({
      pluginClasses: [LockedPlugin],
      services: { locks },
      logger: new StreamLogger({ level: 'error', json: true, sink: { write: () => undefined } }),
    });
    await rt.initialize();
    const info = new InstanceInfo({ uuid: '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d02', name: 'vm' });
    const id = '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01';
    await rt.plug(new VIFBridge({ id, plugin: 'locked', vif_name: 't', bridge_name: 'b' }), info);
    await rt.unplug(new VIFBridge({ id, plugin: 'locked', vif_name: 't', bridge_name: 'b' }), info);
    await rt.close();
    expect(events).toEqual([`plug ${id} under osvif-vif-${id}`, `unplug ${id} under osvif-vif-${id}`]);
  });
});
