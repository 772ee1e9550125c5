// gc across VIFs: one VIF its plugin cannot collect is reported (failed, with the typed error) and gc goes on
// with the others; that VIF's record of an unfinished plug is kept for the next run. No host: the plugin's
// @ListOwned/@Collect are in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collect, Consumes, ListOwned, Plug, PluginError, Unplug, VifPlugin } from '@osvif/sdk';
import type { CollectTarget, OwnedResource, OwnedVif } from '@osvif/sdk';
import { VIFBridge } from '@osvif/objects';
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { PendingJournal } from '../../src/core/host-state/journal';

const IDS = ['0a000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000002', '0c000000-0000-4000-8000-000000000003'];
const BUSY = IDS[1];

class DeviceBusyError extends PluginError {
  static override readonly code = 'TEST_DEVICE_BUSY';
}

/** Owns one link per VIF of IDS; collecting BUSY fails. */
@VifPlugin({ name: 'holder' })
@Consumes(VIFBridge, '1.0')
class HolderPlugin {
  readonly owned = new Set(IDS);
  @Plug(VIFBridge) async plug(): Promise<void> {}
  @Unplug(VIFBridge) async unplug(): Promise<void> {}
  @ListOwned() async list(): Promise<OwnedVif[]> {
    return [...this.owned].map((vifId) => ({ vifId, resources: [{ kind: 'link', name: `dev-${vifId.slice(0, 2)}`, via: 'mark' }] }));
  }
  @Collect() async collect(target: CollectTarget): Promise<OwnedResource[]> {
    if (target.vifId === BUSY) throw new DeviceBusyError(`dev-${BUSY.slice(0, 2)} is busy`);
    this.owned.delete(target.vifId);
    return [{ kind: 'link', name: `dev-${target.vifId.slice(0, 2)}`, via: 'mark' }];
  }
}

describe('gc', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'osvif-gc-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('goes on past a VIF it cannot collect, reports it as failed, and keeps that VIF’s record', async () => {
    const errors: Array<Record<string, unknown>> = [];
    const sink = { write: (l: string) => void errors.push(JSON.parse(l) as Record<string, unknown>) };
    const logger = new StreamLogger({ level: 'error', json: true, sink });
    const config = Config.fromText(`[osvif]\njournal_path = ${dir}\n`, 'osvif.conf');
    const rt = new OsVifRuntime({ pluginClasses: [HolderPlugin], config, logger });
    await rt.initialize();
    const journal = new PendingJournal(dir);
    for (const id of [IDS[0], BUSY]) await journal.begin({ vif_id: id, plugin: 'holder', pid: 999999, started: '', vif: null });

    const report = await rt.gc([IDS[2]]);

    expect(report.removed.map((r) => r.vifId)).toEqual([IDS[0]]);
    expect(report.failed).toEqual([
      {
        vifId: BUSY,
        plugin: 'holder',
        error: expect.objectContaining({ code: 'TEST_DEVICE_BUSY', message: expect.stringMatching(/busy/) }),
      },
    ]);
    expect(report.kept).toEqual([IDS[2]]);
    expect((await journal.all()).map((r) => r.vif_id)).toEqual([BUSY]);
    const plugin = rt.loadedPlugins()[0].instance as HolderPlugin;
    expect([...plugin.owned].sort()).toEqual([BUSY, IDS[2]]);
    expect(errors).toEqual([expect.objectContaining({ msg: 'gc could not remove a VIF', vif_id: BUSY })]);
    await rt.close();
  });
});
