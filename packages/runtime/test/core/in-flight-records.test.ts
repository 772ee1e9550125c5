// The records of plugs in flight (host-state/in-flight.ts): every plug in flight has its record on disk before
// any link is created, a plug that runs while no link is created writes none, and a plug that succeeded leaves
// none. No host: the plugin's links are the test kit's in-memory LinkApi.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'tsyringe';
import { Consumes, LINK_API, Plug, Unplug, VifPlugin } from '@osvif/sdk';
import type { LinkApi } from '@osvif/sdk';
import { InstanceInfo, VIFBridge } from '@osvif/objects';
import { Config, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { RecordingLinkApi } from '@osvif/testkit';

const CREATES = '0a000000-0000-4000-8000-000000000001';
const QUIET = '0b000000-0000-4000-8000-000000000002';
let pendingDir: string;
/** Released by the test: QUIET's plug is in flight until then. */
let releaseQuiet: () => void = () => undefined;
/** Resolves once QUIET's plug handler runs. */
let quietEntered: Promise<void>;
let enterQuiet: () => void = () => undefined;
/** The pending directory as createBridge found it. */
let seenAtCreation: string[] | undefined;

@VifPlugin({ name: 'maker' })
@Consumes(VIFBridge, '1.0')
class MakerPlugin {
  constructor(@inject(LINK_API) private readonly links: LinkApi) {}
  @Plug(VIFBridge) async plug(vif: VIFBridge): Promise<void> {
    if (vif.id === QUIET) {
      const held = new Promise<void>((r) => (releaseQuiet = r));
      enterQuiet();
      return held;
    }
    await this.links.createBridge(`br-${vif.id.slice(0, 4)}`).then(() => undefined);
  }
  @Unplug(VIFBridge) async unplug(): Promise<void> {}
}

class SpyLinks extends RecordingLinkApi {
  override async createBridge(name: string, options?: Parameters<LinkApi['createBridge']>[1]): Promise<void> {
    seenAtCreation = readdirSync(pendingDir).sort();
    return super.createBridge(name, options);
  }
}

const vif = (id: string): VIFBridge => new VIFBridge({ id, plugin: 'maker', vif_name: `tap${id.slice(0, 4)}`, bridge_name: 'qbrx' });
const info = new InstanceInfo({ uuid: 'c0000000-0000-4000-8000-00000000000c', name: 'vm' });

describe('records of plugs in flight', () => {
  let dir: string;
  let rt: OsVifRuntime;
  beforeEach(async () => {
    seenAtCreation = undefined;
    quietEntered = new Promise((r) => (enterQuiet = r));
    dir = mkdtempSync(join(tmpdir(), 'osvif-inflight-'));
    pendingDir = join(dir, 'pending');
    rt = new OsVifRuntime({
      pluginClasses: [MakerPlugin],
      config: Config.fromText(`[osvif]\njournal_path = ${dir}\nlock_path = ${dir}/locks\n`, 'osvif.conf'),
      logger: new StreamLogger({ level: 'error', json: true, sink: { write: () => undefined } }),
      services: { linkApi: new SpyLinks() },
    });
    await rt.initialize();
  });
  afterEach(async () => {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a plug that creates no link, with no other creating one, writes no record', async () => {
    const quiet = rt.plug(vif(QUIET), info);
    await quietEntered;
    releaseQuiet();
    await quiet;
    expect(() => readdirSync(pendingDir)).toThrow(/ENOENT/);
  });

  it('a link is created only once every plug in flight has its record; success removes them', async () => {
    const quiet = rt.plug(vif(QUIET), info);
    await quietEntered;
    await rt.plug(vif(CREATES), info);
    // Both records were there when the link was made: the creator's, and the one in flight beside it.
    expect(seenAtCreation).toHaveLength(2);
    expect(seenAtCreation!.every((n) => n.endsWith('.json'))).toBe(true);
    expect(readdirSync(pendingDir)).toHaveLength(1); // the creator succeeded; QUIET is still in flight
    releaseQuiet();
    await quiet;
    expect(readdirSync(pendingDir)).toEqual([]);
  });
});
