// The whole exchange in one process (LocalTransport = a JSON round trip), and
// the service host's reaction to every kind of answer (scripted transports).
import {
  BindingRejectedError,
  HostInfo,
  HostInfoNegotiator,
  HostInfoResponder,
  LocalTransport,
  MalformedReplyError,
  MalformedRequestError,
  NegotiationAttemptsExhaustedError,
  NegotiationNoProgressError,
  NegotiationTransport,
  NoCommonVersionError,
  RegistryView,
  RemoteNegotiationError,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  type HostInfoRequest,
  type NetworkHostOptions,
} from '@osvif/objects';
import { versionsIn } from '../../src/negotiation/service-host';
import { fullHostInfo, network, OLD_HOST_INFO_FAMILY, ovsVif, PORT_ID } from './fixtures';

const BINDING = { port_id: PORT_ID, host: 'compute-1' };

/** LocalTransport that also keeps every request and reply. */
class Recorder implements NegotiationTransport {
  readonly requests: HostInfoRequest[] = [];
  readonly replies: unknown[] = [];
  constructor(private readonly inner: NegotiationTransport) {}
  async exchange(request: HostInfoRequest): Promise<unknown> {
    this.requests.push(JSON.parse(JSON.stringify(request)) as HostInfoRequest);
    const reply = await this.inner.exchange(request);
    this.replies.push(reply);
    return reply;
  }
}

function networkHost(options: Partial<NetworkHostOptions> = {}): Recorder {
  return new Recorder(new LocalTransport(new HostInfoResponder({ bind: () => ovsVif(), ...options })));
}

/** A transport that answers from a script (one reply per request, then repeats the last). */
function scripted(...replies: unknown[]): Recorder {
  let i = 0;
  return new Recorder({ exchange: async () => replies[Math.min(i++, replies.length - 1)] });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const versionError = (extra: Record<string, unknown>) => ({
  error: {
    type: 'IncompatibleObjectVersion',
    message: 'nope',
    object: 'HostVIFInfo',
    version: '1.1',
    supported_version: '1.0',
    path: '',
    ...extra,
  },
});

describe('HostInfo negotiation (both sides, in process)', () => {
  it('both current: one exchange, the VIF comes back for the right plugin', async () => {
    const t = networkHost();
    const out = await new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING);
    expect(out.attempts).toHaveLength(1);
    expect(out.plugin).toBe('ovs');
    expect(out.vif).toBeInstanceOf(VIFOpenVSwitch);
    expect(out.vif.instanceVersion).toBe('1.0');
    expect(out.vif.port_profile).toBeInstanceOf(VIFPortProfileOpenVSwitch);
    expect(out.vif.port_profile.instanceVersion).toBe('1.3');
    expect(t.requests[0]).toEqual({ host_info: fullHostInfo().toPrimitive(), binding: BINDING });
    expect(out.attempts[0].sentVersions).toEqual({
      HostInfo: '1.0',
      HostPluginInfo: '1.0',
      HostVIFInfo: '1.1',
      HostPortProfileInfo: '1.0',
    });
  });

  it('older network host WITH its manifest: converges in one retry, nested objects backlevelled', async () => {
    const t = networkHost({ view: RegistryView.olderThanCurrent(OLD_HOST_INFO_FAMILY) });
    const out = await new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING);
    expect(out.attempts).toHaveLength(2);
    const err = (t.replies[0] as { error: Record<string, unknown> }).error;
    expect(err).toMatchObject({
      type: 'IncompatibleObjectVersion',
      object: 'HostVIFInfo',
      version: '1.1',
      supported_version: '1.0',
      path: 'data.plugin_info[0].data.vif_info[0]',
    });
    expect((err.manifest as Record<string, string>).HostVIFInfo).toBe('1.0');
    expect(t.requests[1].host_info).toEqual(fullHostInfo().toPrimitive(undefined, OLD_HOST_INFO_FAMILY));
    expect(versionsIn(t.requests[1].host_info)).toEqual({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0' });
    // HostVIFInfo 1.0 says nothing about profiles: the profile goes at what the network host knows.
    expect(out.vif.port_profile.instanceVersion).toBe('1.4');
  });

  it('older network host WITHOUT a manifest (os-vif semantics): the nested error pins that class, one retry', async () => {
    const t = networkHost({ view: RegistryView.olderThanCurrent(OLD_HOST_INFO_FAMILY), advertiseManifest: false });
    const out = await new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING);
    expect(t.requests).toHaveLength(2);
    expect('manifest' in (t.replies[0] as { error: object }).error).toBe(false);
    expect((t.replies[0] as { error: Record<string, unknown> }).error).toMatchObject({ object: 'HostVIFInfo', supported_version: '1.0' });
    // Only the class the error named is pinned: oslo's obj_to_primitive(version_manifest={'HostVIFInfo': '1.0'}).
    expect(out.attempts[1].manifest).toEqual({ HostVIFInfo: '1.0' });
    expect(t.requests[1].host_info).toEqual(fullHostInfo().toPrimitive(undefined, { HostVIFInfo: '1.0' }));
    expect(versionsIn(t.requests[1].host_info)).toEqual({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0' });
    expect(out.plugin).toBe('ovs');
    // The old host knows the OVS profile up to 1.4 here (OLD_HOST_INFO_FAMILY pins only the HostInfo family).
    expect(out.vif.port_profile.instanceVersion).toBe('1.4');
  });

  it('after a pin, an error that cannot be acted on stops (no loop); the refused request carried the pin', async () => {
    const t = scripted(versionError({}), {
      error: { type: 'IncompatibleObjectVersion', message: 'x', object: 'HostInfo', version: '1.0', supported_version: '1.0' },
    });
    const err = (await rejection(
      new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING),
    )) as NegotiationNoProgressError;
    // HostInfo 1.0 cannot be lowered: the pin of the first error stays in the request that was refused.
    expect([err.objName, err.reason, err.attempts]).toEqual(['HostInfo', 'not-lower', 2]);
    expect(versionsIn(t.requests[1].host_info).HostVIFInfo).toBe('1.0');
  });

  it('the pinned class refused again at its pinned version: not-lower after two requests, with or without a manifest', async () => {
    const t = scripted(
      versionError({}),
      versionError({ version: '1.0', supported_version: '1.0', manifest: { HostVIFInfo: '1.1', HostInfo: '1.0' } }),
    );
    const err = (await rejection(
      new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING),
    )) as NegotiationNoProgressError;
    expect([err.reason, err.sentVersion, err.attempts]).toEqual(['not-lower', '1.0', 2]);
    expect(t.requests).toHaveLength(2);
  });

  it('a nested error without a manifest below all we can write: NoCommonVersionError, one request', async () => {
    const t = scripted(versionError({ supported_version: '0.5' }));
    const err = (await rejection(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING))) as NoCommonVersionError;
    expect(err).toBeInstanceOf(NoCommonVersionError);
    expect([err.objName, err.peerVersion, err.ourVersions]).toEqual(['HostVIFInfo', '0.5', ['1.0', '1.1']]);
    expect(t.requests).toHaveLength(1);
  });

  it("without a manifest, a HostInfo error lowers HostInfo's own version (here below all we can write)", async () => {
    const t = scripted({
      error: { type: 'IncompatibleObjectVersion', message: 'x', object: 'HostInfo', version: '1.0', supported_version: '0.9' },
    });
    const err = (await rejection(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING))) as NoCommonVersionError;
    expect(err).toBeInstanceOf(NoCommonVersionError);
    expect([err.objName, err.peerVersion, err.ourVersions]).toEqual(['HostInfo', '0.9', ['1.0']]);
  });

  it.each([
    ['same version', { supported_version: '1.1' }, 'not-lower'],
    ['higher version', { supported_version: '1.2' }, 'not-lower'],
    ['no version at all', { supported_version: undefined }, 'no-supported-version'],
    ['null version', { supported_version: null }, 'no-supported-version'],
    ['garbage version', { supported_version: 'one.two' }, 'no-supported-version'],
    ['an object we did not send', { object: 'VIFBridge' }, 'object-not-sent'],
  ])('stops on an answer that makes no progress: %s', async (_name, extra, reason) => {
    const t = scripted(versionError({ ...extra, manifest: { HostVIFInfo: '1.0' } }));
    const err = (await rejection(
      new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING),
    )) as NegotiationNoProgressError;
    expect(err).toBeInstanceOf(NegotiationNoProgressError);
    expect(err.reason).toBe(reason);
    expect(t.requests).toHaveLength(1);
  });

  it('stops when the network host keeps refusing what it asked for (no loop)', async () => {
    // Asks for HostVIFInfo 1.0, then claims it cannot read 1.0 either.
    const t = scripted(
      versionError({ manifest: { HostVIFInfo: '1.0' } }),
      versionError({ version: '1.0', supported_version: '1.0', manifest: { HostVIFInfo: '1.0' } }),
    );
    const err = (await rejection(
      new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING),
    )) as NegotiationNoProgressError;
    expect([err.reason, err.sentVersion, err.attempts]).toEqual(['not-lower', '1.0', 2]);
    expect(t.requests).toHaveLength(2);
  });

  it('stops after maxAttempts', async () => {
    const t = scripted(versionError({ manifest: { HostVIFInfo: '1.0' } }));
    const err = (await rejection(
      new HostInfoNegotiator({ transport: t, maxAttempts: 1 }).negotiate(fullHostInfo(), BINDING),
    )) as NegotiationAttemptsExhaustedError;
    expect(err).toBeInstanceOf(NegotiationAttemptsExhaustedError);
    expect(err.attempts).toBe(1);
    expect(err.lastError).toMatchObject({ object: 'HostVIFInfo' });
    expect(() => new HostInfoNegotiator({ transport: t, maxAttempts: 0 })).toThrow(RangeError);
  });

  it('ignores manifest entries for classes we do not have, and fails when it demands less than we can write', async () => {
    const t = scripted(versionError({ manifest: { HostVIFInfo: '1.0', FutureThing: '3.0' } }), {
      vif: ovsVif({ plugin: 'ovs' }).toPrimitive('1.0', { VIFPortProfileOpenVSwitch: '1.3' }),
    });
    const out = await new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING);
    expect(out.attempts[1].manifest).toEqual({ HostVIFInfo: '1.0' });
    const low = scripted(versionError({ manifest: { HostVIFInfo: '1.0', HostPluginInfo: '0.5' } }));
    const err = (await rejection(new HostInfoNegotiator({ transport: low }).negotiate(fullHostInfo(), BINDING))) as NoCommonVersionError;
    expect([err.objName, err.peerVersion]).toEqual(['HostPluginInfo', '0.5']);
  });

  it('other error replies become RemoteNegotiationError carrying the body', async () => {
    const t = networkHost({
      bind: () =>
        new VIFOpenVSwitch({
          id: PORT_ID,
          vif_name: 'tap0',
          bridge_name: 'br',
          network: network(),
          port_profile: new VIFPortProfileOpenVSwitch({ interface_id: PORT_ID, profile_id: 'p' }),
          plugin: 'sriov',
        }),
    });
    const err = (await rejection(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING))) as RemoteNegotiationError;
    expect(err).toBeInstanceOf(RemoteNegotiationError);
    expect(err.errorType).toBe('NoPluginForVif');
    expect((err.body.consumable as unknown[]).length).toBe(5);
    expect(err.body.candidates).toEqual([
      {
        vif_object_name: 'VIFOpenVSwitch',
        port_profile_object_name: 'VIFPortProfileOpenVSwitch',
        plugin: 'sriov',
        reasons: ['plugin sriov is not on the host or does not consume VIFOpenVSwitch'],
      },
    ]);

    const rejected = networkHost({
      bind: () => {
        throw new BindingRejectedError('port 42 does not exist', 'PORT_NOT_FOUND');
      },
    });
    const e2 = (await rejection(
      new HostInfoNegotiator({ transport: rejected }).negotiate(fullHostInfo(), BINDING),
    )) as RemoteNegotiationError;
    expect(e2.body).toEqual({ type: 'BindingRejected', message: 'port 42 does not exist', reason_code: 'PORT_NOT_FOUND' });

    const crashing = networkHost({
      bind: () => {
        throw new Error('db password is hunter2');
      },
    });
    const e3 = (await rejection(
      new HostInfoNegotiator({ transport: crashing }).negotiate(fullHostInfo(), BINDING),
    )) as RemoteNegotiationError;
    expect(e3.body).toEqual({ type: 'InternalError', message: 'the network host failed to process the request' });
  });

  it.each([
    ['not an object', 'hello', ''],
    ['both keys', { vif: {}, error: {} }, ''],
    ['neither key', {}, ''],
    ['extra key', { vif: {}, extra: 1 }, 'extra'],
    ['vif not an object', { vif: 42 }, 'vif'],
    ['error without type', { error: { message: 'x' } }, 'error.type'],
    [
      'bad manifest',
      {
        error: {
          type: 'IncompatibleObjectVersion',
          object: 'HostVIFInfo',
          version: '1.1',
          supported_version: '1.0',
          manifest: { HostVIFInfo: 1 },
        },
      },
      'error.manifest.HostVIFInfo',
    ],
    [
      'version error without object',
      { error: { type: 'IncompatibleObjectVersion', version: '1.1', supported_version: '1.0' } },
      'error.object',
    ],
    ['vif is not a VIF', { vif: network().toPrimitive() }, 'vif'],
    ['vif of an unknown class', { vif: { ...ovsVif().toPrimitive(), 'versioned_object.name': 'VIFQuantum' } }, 'vif'],
    ['vif newer than we know', { vif: { ...ovsVif({ plugin: 'ovs' }).toPrimitive(), 'versioned_object.version': '1.9' } }, 'vif'],
    ['vif without plugin', { vif: ovsVif().toPrimitive() }, 'vif.data.plugin'],
  ])('a malformed answer is MalformedReplyError: %s', async (_name, reply, path) => {
    const err = (await rejection(
      new HostInfoNegotiator({ transport: scripted(reply) }).negotiate(fullHostInfo(), BINDING),
    )) as MalformedReplyError;
    expect(err).toBeInstanceOf(MalformedReplyError);
    expect(err.path).toBe(path);
  });

  it('checks the binding before sending anything', async () => {
    const t = scripted({ vif: {} });
    await expect(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), { port_id: '' })).rejects.toThrow(
      MalformedRequestError,
    );
    await expect(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), { port_id: 'p', evil: 1 } as never)).rejects.toThrow(
      MalformedRequestError,
    );
    expect(t.requests).toHaveLength(0);
  });

  it('passes transport failures through unchanged', async () => {
    class Down extends Error {}
    const t: NegotiationTransport = {
      exchange: async () => {
        throw new Down('unreachable');
      },
    };
    await expect(new HostInfoNegotiator({ transport: t }).negotiate(fullHostInfo(), BINDING)).rejects.toBeInstanceOf(Down);
  });
});

describe('HostInfoResponder (network host)', () => {
  const responder = new HostInfoResponder({ bind: () => ovsVif() });

  it.each([
    ['not an object', [], ''],
    ['missing host_info', { binding: { port_id: 'p' } }, 'host_info'],
    ['missing binding', { host_info: {} }, 'binding'],
    ['unknown key', { host_info: {}, binding: { port_id: 'p' }, x: 1 }, 'x'],
    ['port_id not a string', { host_info: {}, binding: { port_id: 7 } }, 'binding.port_id'],
    ['port_id too long', { host_info: {}, binding: { port_id: 'x'.repeat(300) } }, 'binding.port_id'],
    ['host_info garbage', { host_info: 'x', binding: { port_id: 'p' } }, 'host_info'],
    ['host_info not a HostInfo', { host_info: network().toPrimitive(), binding: { port_id: 'p' } }, 'host_info'],
    [
      'bad field inside',
      { host_info: { ...fullHostInfo().toPrimitive(), 'versioned_object.data': { plugin_info: 'many' } }, binding: { port_id: 'p' } },
      'host_info.data.plugin_info',
    ],
    [
      'unknown field inside',
      { host_info: { ...fullHostInfo().toPrimitive(), 'versioned_object.data': { flavour: 1 } }, binding: { port_id: 'p' } },
      'host_info.data.flavour',
    ],
  ])('answers MalformedRequest with the path: %s', async (_name, request, path) => {
    const reply = (await responder.handle(request)) as { error: Record<string, unknown> };
    expect(reply.error.type).toBe('MalformedRequest');
    expect(reply.error.path).toBe(path);
  });

  it('answers UnsupportedObject for a class its registry does not know, with the manifest', async () => {
    const r = new HostInfoResponder({
      bind: () => ovsVif(),
      view: RegistryView.fromManifest({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.1' }),
    });
    const reply = (await r.handle({ host_info: fullHostInfo().toPrimitive(), binding: { port_id: 'p' } })) as {
      error: Record<string, unknown>;
    };
    expect(reply.error).toEqual({
      type: 'UnsupportedObject',
      message: 'Unsupported object type HostPortProfileInfo at data.plugin_info[2].data.vif_info[0].data.supported_port_profiles[0]',
      object: 'HostPortProfileInfo',
      namespace: 'os_vif',
      path: 'data.plugin_info[2].data.vif_info[0].data.supported_port_profiles[0]',
      manifest: { HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.1' },
    });
  });

  it('gives the driver the HostInfo as read and the binding', async () => {
    let seen: { hostInfo: HostInfo; binding: object } | undefined;
    const r = new HostInfoResponder({
      bind: (ctx) => {
        seen = ctx;
        return ovsVif();
      },
    });
    await r.handle({ host_info: fullHostInfo().toPrimitive(), binding: BINDING });
    expect(seen!.binding).toEqual(BINDING);
    expect(seen!.hostInfo.equals(fullHostInfo())).toBe(true);
  });

  it('requires a bind callback', () => {
    expect(() => new HostInfoResponder({} as never)).toThrow(TypeError);
  });
});
