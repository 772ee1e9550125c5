// The `objName` getter on instances reads the class's registered wire name (the static stays).
import { objectRegistry, VersionedObject, VIFBridge, VIFOpenVSwitch } from '@osvif/objects';

describe('objName getter', () => {
  const classes = objectRegistry.classes();

  it('covers every registered class', () => {
    expect(classes.length).toBeGreaterThan(20);
  });

  it.each(classes.map((cls) => [cls.objName, cls]))('%s: instance objName is the static objName', (_name, cls) => {
    const obj = new cls();
    expect(obj).toBeInstanceOf(VersionedObject);
    expect(obj.objName).toBe(cls.objName);
    expect(objectRegistry.get(obj.objName)).toBe(cls);
  });

  it('names the most derived class, and is not a field', () => {
    const vif: VersionedObject = new VIFOpenVSwitch({ id: '1b1e3c9a-4c47-4b85-8f5a-4d5a3c8e2a10' });
    expect(vif.objName).toBe('VIFOpenVSwitch');
    expect(new VIFBridge().objName).toBe(VIFBridge.objName);
    expect(Object.keys(vif.toPrimitive()['versioned_object.data'])).not.toContain('objName');
    expect(vif.toPrimitive()['versioned_object.name']).toBe(vif.objName);
  });
});
