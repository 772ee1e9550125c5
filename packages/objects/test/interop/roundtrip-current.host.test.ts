/**
 * Interoperability with the REAL os-vif 3.0.0 (Debian python3-os-vif, over the JSON Lines bridge),
 * every one of the 31 classes at its current version, objects built on BOTH sides:
 *
 *  Python -> JSON -> TS -> JSON -> Python: os-vif builds random valid objects (seeded: nulls, unset
 *    fields, defaults, nested lists, every enum value, partially reset changes); we hydrate each,
 *    must re-emit exactly os-vif's primitive (changes compared as a set, data keys in os-vif's
 *    order), and os-vif must read our output back to the same primitive.
 *  TS -> JSON -> Python -> JSON -> TS: our seeded generator builds objects with our model; we write
 *    them for a 3.0.0 peer (its manifest), os-vif must read them back unchanged, and we must read
 *    os-vif's output back to the same primitive. Written WITHOUT the manifest, os-vif must fail
 *    exactly when (and only when) the object holds a profile at upstream's 1.4.
 *
 * Seed: OSVIF_INTEROP_SEED (printed in failures) replays a run.
 */
import { fromPrimitive, objectRegistry } from '@osvif/objects';
import type { OsVifPrimitive } from '@osvif/conformance';
import { useOsVifPeer, hydrateAll } from './support/bridge';
import { Mismatches, errorSummary } from './support/check';
import { OSVIF_CLASSES, UPSTREAM_1_4, holdsNewerThanPeer } from './support/classes';
import { TsObjectGenerator } from './support/generate';
import { osVifReadback } from './support/readback';
import { Rng, interopSeed } from './support/rng';

const SEED = interopSeed();
const PY_PER_CLASS = 8;
const TS_PER_CLASS = 8;
const peer = useOsVifPeer();

function dataKeys(p: unknown): string[] {
  return Object.keys((p as OsVifPrimitive)['versioned_object.data'] ?? {});
}

describe(`os-vif 3.0.0 interop, current versions (seed ${SEED})`, () => {
  it('both sides know the same 31 classes; ours are at os-vif 3.0.0 versions except upstream 1.4 profiles', async () => {
    const { py } = peer();
    const theirs = await py.classes();
    expect(theirs.map((c) => c.name).sort()).toEqual([...OSVIF_CLASSES].sort());
    expect(objectRegistry.names().sort()).toEqual([...OSVIF_CLASSES].sort());
    for (const { name, version } of theirs) {
      const ours = objectRegistry.get(name)!;
      expect({ name, version: ours.VERSION }).toEqual({ name, version: UPSTREAM_1_4.includes(name) ? '1.4' : version });
      // our history contains os-vif's version
      expect(ours.versions).toContain(version);
    }
  });

  it.each(OSVIF_CLASSES.map((name, i) => [name, i] as const))(
    'Python-built %s objects: TS reads and re-emits them exactly; os-vif reads ours back',
    async (name, i) => {
      const { py } = peer();
      const seed = SEED + i;
      const generated = await py.generate({ class: name, count: PY_PER_CLASS, seed, full_first: 3 });
      const m = new Mismatches();
      const ours: unknown[] = [];
      generated.forEach((p, k) => {
        try {
          const obj = fromPrimitive(p);
          const back = obj.toPrimitive();
          m.same(`TS re-emit of os-vif ${name} #${k} (py seed ${seed})`, p, p, back);
          if (dataKeys(back).join() !== dataKeys(p).join()) {
            m.fail(`data key order of ${name} #${k}`, p, dataKeys(p), dataKeys(back));
          }
          ours.push(back);
        } catch (err) {
          m.fail(`TS fromPrimitive of os-vif ${name} #${k} (py seed ${seed})`, p, 'an object', errorSummary(err));
        }
      });
      const read = await hydrateAll(py, ours);
      read.forEach((r, k) => {
        if (!r.ok) m.fail(`os-vif hydrate of our ${name} #${k}`, ours[k], 'accepted', r.error);
        else m.same(`os-vif readback of our ${name} #${k}`, ours[k], osVifReadback(ours[k]), r.value);
      });
      m.expectNone(PY_PER_CLASS * 2);
    },
  );

  it.each(OSVIF_CLASSES.map((name, i) => [name, i] as const))(
    "TS-built %s objects: os-vif reads them (3.0.0 peer manifest) unchanged and TS reads os-vif's output",
    async (name, i) => {
      const { py, schema, manifest } = peer();
      const seed = SEED * 7 + i;
      const gen = new TsObjectGenerator(new Rng(seed), schema);
      const objs = gen.many(name, TS_PER_CLASS, 3);
      const m = new Mismatches();
      const forPeer = objs.map((o) => o.toPrimitive(undefined, manifest));
      const plain = objs.map((o) => o.toPrimitive());

      // With the peer manifest: os-vif must read everything, and give it back unchanged.
      const read = await hydrateAll(py, forPeer);
      read.forEach((r, k) => {
        const what = `${name} #${k} (ts seed ${seed})`;
        if (holdsNewerThanPeer(forPeer[k], manifest)) {
          m.fail(`our ${what} written for the 3.0.0 peer still holds a version it cannot read`, plain[k], 'peer versions', forPeer[k]);
          return;
        }
        if (!r.ok) {
          m.fail(`os-vif hydrate of our ${what}`, forPeer[k], 'accepted', r.error);
          return;
        }
        m.same(`os-vif readback of our ${what}`, forPeer[k], osVifReadback(forPeer[k]), r.value);
        // ... and we read os-vif's output back to the same primitive
        try {
          m.same(`TS re-read of os-vif's output for ${what}`, r.value, r.value, fromPrimitive(r.value).toPrimitive());
        } catch (err) {
          m.fail(`TS fromPrimitive of os-vif's output for ${what}`, r.value, 'an object', errorSummary(err));
        }
        // when nothing had to be backlevelled, the peer form is the plain form
        if (!holdsNewerThanPeer(plain[k], manifest)) m.same(`manifest changed nothing for ${what}`, plain[k], plain[k], forPeer[k]);
      });

      // Without the manifest: os-vif reads it unless it holds a 1.4 profile (then IncompatibleObjectVersion).
      const readPlain = await hydrateAll(py, plain);
      readPlain.forEach((r, k) => {
        const what = `${name} #${k} (ts seed ${seed}) without manifest`;
        if (holdsNewerThanPeer(plain[k], manifest)) {
          if (r.ok || r.error.type !== 'IncompatibleObjectVersion') {
            m.fail(`os-vif should refuse 1.4 in ${what}`, plain[k], 'IncompatibleObjectVersion', r.ok ? r.value : r.error);
          } else m.ok();
        } else if (!r.ok) m.fail(`os-vif hydrate of ${what}`, plain[k], 'accepted', r.error);
        else m.same(`os-vif readback of ${what}`, plain[k], osVifReadback(plain[k]), r.value);
      });
      m.expectNone(TS_PER_CLASS * 2);
    },
  );

  it("os-vif's own host_info (all plugins and filtered) reads into our model and back unchanged", async () => {
    const { py } = peer();
    const m = new Mismatches();
    for (const permitted of [undefined, [], ['VIFOpenVSwitch'], ['VIFVHostUser', 'VIFBridge'], ['VIFNope']]) {
      const hi = await py.hostInfo(permitted);
      try {
        const obj = fromPrimitive(hi);
        m.same(`host_info(${JSON.stringify(permitted)})`, hi, hi, obj.toPrimitive());
      } catch (err) {
        m.fail(`TS fromPrimitive of host_info(${JSON.stringify(permitted)})`, hi, 'an object', errorSummary(err));
      }
    }
    m.expectNone(5);
  });
});
