// Two copies of @osvif/sdk and @osvif/objects in one process, as a plugin installed from a symlink gets
// (`npm install ../my-plugin`): jest.isolateModules evaluates every module again, so copy B has its own
// classes. instanceof must still hold across the copies, both ways, and keep parent/child distinctions.
import * as objectsA from '@osvif/objects';
import * as sdkA from '@osvif/sdk';

type Sdk = typeof sdkA;
type Objects = typeof objectsA;

function loadCopy(): { sdk: Sdk; objects: Objects } {
  let copy: { sdk: Sdk; objects: Objects } | undefined;
  jest.isolateModules(() => {
    copy = { sdk: require('@osvif/sdk') as Sdk, objects: require('@osvif/objects') as Objects };
  });
  return copy!;
}

const B = loadCopy();
const noSuchLink = (sdk: Sdk) => new sdk.NoSuchLinkError('delete', 'tap0', 'ENODEV', 'no such device tap0');

describe('error classes across two copies of the packages', () => {
  it('really has two copies', () => {
    expect(B.sdk.NoSuchLinkError).not.toBe(sdkA.NoSuchLinkError);
    expect(B.objects.OsvifError).not.toBe(objectsA.OsvifError);
    expect(Object.prototype.isPrototypeOf.call(objectsA.OsvifError.prototype, noSuchLink(B.sdk))).toBe(false);
  });

  it('matches a class and its parents of the other copy, both ways', () => {
    for (const [from, to] of [
      [B, { sdk: sdkA, objects: objectsA }],
      [{ sdk: sdkA, objects: objectsA }, B],
    ] as const) {
      const e = noSuchLink(from.sdk);
      expect(e instanceof to.sdk.NoSuchLinkError).toBe(true);
      expect(e instanceof to.sdk.LinkError).toBe(true);
      expect(e instanceof to.objects.OsvifError).toBe(true);
      expect(e instanceof Error).toBe(true);
    }
  });

  it('keeps parent/child and sibling distinctions across the copies', () => {
    const parent = new B.sdk.LinkError('delete', 'tap0', 'EBUSY', 'busy');
    expect(parent instanceof sdkA.LinkError).toBe(true);
    expect(parent instanceof sdkA.NoSuchLinkError).toBe(false);
    expect(new B.sdk.LinkExistsError('create', 'tap0', 'EEXIST', 'exists') instanceof sdkA.NoSuchLinkError).toBe(false);
    expect(noSuchLink(B.sdk) instanceof sdkA.PluginError).toBe(false);
    expect(new B.sdk.HostCommandFailedError('ip', [], 1, '') instanceof sdkA.PluginError).toBe(true);
    expect(new B.objects.FieldNotSetError('VIFBase', 'id') instanceof objectsA.ObjectError).toBe(true);
    expect(new B.objects.FieldNotSetError('VIFBase', 'id') instanceof objectsA.FieldValueError).toBe(false);
  });

  it('keeps ordinary instanceof within one copy', () => {
    expect(new sdkA.LinkError('delete', 'tap0', undefined, 'x') instanceof sdkA.NoSuchLinkError).toBe(false);
    expect(noSuchLink(sdkA) instanceof sdkA.NoSuchLinkError).toBe(true);
    expect(new Error('plain') instanceof objectsA.OsvifError).toBe(false);
    expect((null as unknown) instanceof objectsA.OsvifError).toBe(false);
    // A subclass without a static code of its own matches only its own copy's instances.
    class Mine extends sdkA.PluginError {}
    expect(new sdkA.PluginError('x') instanceof Mine).toBe(false);
    expect(new Mine('x') instanceof sdkA.PluginError).toBe(true);
  });

  it("lets a plugin that catches NoSuchLinkError from its own copy catch the runtime's (idempotent unplug)", async () => {
    // The runtime's LINK_API throws copy A's error; the plugin was built against copy B.
    const links = {
      delete: (name: string): Promise<void> => Promise.reject(new sdkA.NoSuchLinkError('delete', name, 'ENODEV', `no such device ${name}`)),
    };
    const unplug = async (): Promise<string> => {
      try {
        await links.delete('tap0');
        return 'deleted';
      } catch (e) {
        if (e instanceof B.sdk.NoSuchLinkError) return 'already gone';
        throw e;
      }
    };
    await expect(unplug()).resolves.toBe('already gone');
  });
});
