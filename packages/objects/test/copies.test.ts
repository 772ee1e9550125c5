// Two copies of @osvif/objects in one process, as a plugin installed with its own copy gets: the runtime
// hydrates VIFs with its classes, the plugin checks them with its own. jest.isolateModules evaluates the package
// again, so copy B has its own classes; instanceof must hold across the copies for registered classes and their
// ancestors, and keep sibling and parent/child distinctions.
import * as A from '@osvif/objects';

type Objects = typeof A;

function loadCopy(): Objects {
  let copy: Objects | undefined;
  jest.isolateModules(() => {
    copy = require('@osvif/objects') as Objects;
  });
  return copy!;
}

const B = loadCopy();
const ID = '5b0b3a8e-8f0b-4c1a-9d4e-2f6a7c8b9d01';

describe('object classes across two copies of @osvif/objects', () => {
  it('really has two copies', () => {
    expect(B.VIFGeneric).not.toBe(A.VIFGeneric);
    expect(Object.prototype.isPrototypeOf.call(A.VIFGeneric.prototype, new B.VIFGeneric({ id: ID }))).toBe(false);
  });

  it("matches the other copy's class and its registered ancestors, both ways", () => {
    for (const [from, to] of [
      [B, A],
      [A, B],
    ] as const) {
      const vif = from.fromPrimitive(new from.VIFGeneric({ id: ID, vif_name: 'tap0' }).toPrimitive());
      expect(vif instanceof to.VIFGeneric).toBe(true);
      expect(vif instanceof to.VIFBase).toBe(true);
      expect(new from.HostInfo({ plugin_info: [] }) instanceof to.HostInfo).toBe(true);
    }
  });

  it('keeps sibling and parent/child distinctions across the copies', () => {
    const generic = new B.VIFGeneric({ id: ID });
    expect(generic instanceof A.VIFBridge).toBe(false);
    expect(generic instanceof A.VIFOpenVSwitch).toBe(false);
    expect(new B.VIFBase({ id: ID }) instanceof A.VIFGeneric).toBe(false);
    expect(new B.VIFBridge({ id: ID }) instanceof A.HostInfo).toBe(false);
  });

  it("keeps the serialiser's root check to its own copy, and ordinary instanceof within a copy", () => {
    expect(new B.VIFGeneric({ id: ID }) instanceof A.VersionedObject).toBe(false);
    expect(new A.VIFGeneric({ id: ID }) instanceof A.VersionedObject).toBe(true);
    expect(new A.VIFBridge({ id: ID }) instanceof A.VIFGeneric).toBe(false);
    expect({ id: ID } instanceof A.VIFGeneric).toBe(false);
    expect((null as unknown) instanceof A.VIFGeneric).toBe(false);
    // An unregistered subclass matches only its own instances.
    class Mine extends A.VIFGeneric {}
    expect(new A.VIFGeneric({ id: ID }) instanceof Mine).toBe(false);
  });
});
