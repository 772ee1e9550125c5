/**
 * One real os-vif 3.0.0 bridge per test file, plus what every interop test needs from it:
 * os-vif's own class descriptions (the generator's schema) and the "peer manifest" (every
 * os-vif 3.0.0 class at its 3.0.0 version), the manifest a host would get from a 3.0.0 peer.
 */
import { PythonOsVif, type BridgeRequest, type OsVifPrimitive, type PyClassDescription } from '@osvif/conformance';

export interface OsVifPeer {
  readonly py: PythonOsVif;
  /** os-vif's describe_class of every registered class, by name. */
  readonly schema: ReadonlyMap<string, PyClassDescription>;
  /** { objName: os-vif 3.0.0 version } for all 31 classes. */
  readonly manifest: Readonly<Record<string, string>>;
}

/** Registers beforeAll/afterAll; the returned getter is valid inside tests. */
export function useOsVifPeer(): () => OsVifPeer {
  let peer: OsVifPeer | undefined;
  beforeAll(async () => {
    const py = await PythonOsVif.start({ requestTimeoutMs: 60000 });
    const classes = await py.classes();
    const described = await py.batch<PyClassDescription>(classes.map((c) => ({ op: 'describe_class', params: { name: c.name } })));
    const schema = new Map<string, PyClassDescription>();
    for (const d of described) {
      if (!d.ok) throw new Error(`describe_class failed: ${d.error.type}: ${d.error.message}`);
      schema.set(d.value.name, d.value);
    }
    peer = { py, schema, manifest: Object.fromEntries(classes.map((c) => [c.name, c.version])) };
  });
  afterAll(async () => {
    await peer?.py.close();
  });
  return () => {
    if (!peer) throw new Error('os-vif peer not started');
    return peer;
  };
}

/** Hydrate many primitives in one bridge line. */
export function hydrateAll(py: PythonOsVif, primitives: readonly unknown[]) {
  return py.batch<OsVifPrimitive>(primitives.map((primitive): BridgeRequest => ({ op: 'hydrate', params: { primitive } })));
}

/** Backlevel many primitives in Python in one bridge line. */
export function toPrimitiveAll(
  py: PythonOsVif,
  items: readonly { primitive: unknown; target?: string; manifest?: Record<string, string> }[],
) {
  return py.batch<OsVifPrimitive>(
    items.map((i): BridgeRequest => ({
      op: 'to_primitive',
      params: { primitive: i.primitive, target_version: i.target, manifest: i.manifest },
    })),
  );
}
