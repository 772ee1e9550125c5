// The optional host-state handlers (@ListOwned, @Check, @Collect, @Status) and the ownership marks.
import {
  Check,
  Collect,
  Consumes,
  DecoratorUsageError,
  findCheckHandler,
  getPluginDefinition,
  linkMark,
  ListOwned,
  ovsMark,
  Plug,
  readLinkMark,
  readOvsMark,
  Status,
  Unplug,
  UnusedHandlerError,
  VifPlugin,
} from '@osvif/sdk';
import { VIFBridge, VIFOpenVSwitch, VIFVHostUser } from '@osvif/objects';

describe('host-state handlers', () => {
  it('are recorded on the definition, @Check per VIF class (found through the lineage)', () => {
    @VifPlugin({ name: 'stateful' })
    @Consumes(VIFBridge, '1.0')
    class Stateful {
      @Plug(VIFBridge) async plug(): Promise<void> {}
      @Unplug(VIFBridge) async unplug(): Promise<void> {}
      @ListOwned() async owned(): Promise<[]> {
        return [];
      }
      @Check(VIFBridge) async check(): Promise<[]> {
        return [];
      }
      @Collect() async collect(): Promise<[]> {
        return [];
      }
      @Status() async status(): Promise<[]> {
        return [];
      }
    }
    const d = getPluginDefinition(Stateful)!;
    expect(d.hostState).toMatchObject({ list: 'owned', collect: 'collect', status: 'status' });
    expect(findCheckHandler(d, new VIFBridge({ id: '4f1b7c3e-0000-4000-8000-000000000001' }))).toBe('check');
  });

  it('refuse @Collect without @ListOwned, a handler declared twice, and @Check of a class not consumed', () => {
    expect(() => {
      @VifPlugin({ name: 'collect_only' })
      @Consumes(VIFBridge, '1.0')
      class CollectOnly {
        @Plug(VIFBridge) async plug(): Promise<void> {}
        @Unplug(VIFBridge) async unplug(): Promise<void> {}
        @Collect() async collect(): Promise<[]> {
          return [];
        }
      }
      return CollectOnly;
    }).toThrow(DecoratorUsageError);
    expect(() => {
      @VifPlugin({ name: 'twice' })
      @Consumes(VIFBridge, '1.0')
      class Twice {
        @Plug(VIFBridge) async plug(): Promise<void> {}
        @Unplug(VIFBridge) async unplug(): Promise<void> {}
        @Status() async a(): Promise<[]> {
          return [];
        }
        @Status() async b(): Promise<[]> {
          return [];
        }
      }
      return Twice;
    }).toThrow(/@Status is declared twice/);
    expect(() => {
      @VifPlugin({ name: 'unused_check' })
      @Consumes(VIFBridge, '1.0')
      class UnusedCheck {
        @Plug(VIFBridge) async plug(): Promise<void> {}
        @Unplug(VIFBridge) async unplug(): Promise<void> {}
        @Check(VIFVHostUser) async check(): Promise<[]> {
          return [];
        }
      }
      return UnusedCheck;
    }).toThrow(UnusedHandlerError);
    void VIFOpenVSwitch;
  });
});

describe('ownership marks', () => {
  it('round-trip, and anything that is not an osvif mark reads as no owner', () => {
    const id = 'B679325F-0000-4000-8000-00000000000A';
    expect(readLinkMark(linkMark('ovs', id))).toEqual({ plugin: 'ovs', vifId: id });
    for (const alias of [undefined, '', 'uplink to rack 3', 'osvif:', 'osvif:ovs:', 'osvif::x'])
      expect(readLinkMark(alias)).toBeUndefined();
    const ids = { 'iface-id': 'x', ...ovsMark({ plugin: 'ovs', vifId: id, vifClass: 'VIFBridge' }) };
    expect(ids).toMatchObject({ 'osvif-vif-id': id, 'osvif-plugin': 'ovs', 'osvif-vif-class': 'VIFBridge' });
    expect(readOvsMark(ids)).toEqual({ plugin: 'ovs', vifId: id, vifClass: 'VIFBridge' });
    expect(readOvsMark({ 'iface-id': 'x' })).toBeUndefined();
  });
});
