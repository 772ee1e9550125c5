// The decorators a plugin class is written with:
//
//   @VifPlugin({ name: 'noop', options: NOOP_OPTIONS })       <- outermost, validates
//   @Consumes(VIFVHostUser, '1.0 - 1.1')                        <- one per VIF class
//   class NoOpPlugin {
//     @Plug(VIFVHostUser) async plugVhostUser(vif, info) {}
//     @Unplug(VIFVHostUser) async unplugVhostUser(vif, info) {}
//   }
//
// Method decorators run first, then class decorators bottom-up, so @VifPlugin
// (on top) sees everything and validates it: any mistake throws a
// PluginDeclarationError while the plugin module loads. usage.ts catches the
// misuses that would otherwise be reported as something else (wrong order,
// TC39 standard decorators).
import { injectable } from 'tsyringe';
import { objectRegistry } from '@osvif/objects';
import {
  DecoratorUsageError,
  DuplicateDeclarationError,
  InvalidConfigOptionError,
  InvalidPluginNameError,
  InvalidVersionRangeError,
  MissingHandlerError,
  NoVifDeclaredError,
  UnknownObjectClassError,
  UnregisteredSubclassError,
  UnusedHandlerError,
  VersionRangeMatchesNothingError,
} from './errors';
import {
  CONSUMES_KEY,
  DEFINITION_KEY,
  getPluginDefinition,
  HANDLERS_KEY,
  ObjectClassLike,
  VifOperation,
  PluginDefinition,
  ProfileDeclaration,
  RawConsumes,
  RawHandler,
  VifDeclaration,
  ownList,
} from './metadata';
import { HOST_STATE_KEY, HostStateHandlers, RawHostStateHandler } from './host-state';
import { ConfigOptions, optionSpecProblem } from './options';
import { isValidRange, versionsInRange } from './versions';
import { assertLegacyCall, CONSUMES_ORDER, consumesCalled, takeConsumesPending } from './usage';

/** What `@VifPlugin` declares: the plugin's name, description and config options. */
export interface VifPluginOptions {
  /** Plugin name: the VIF's `plugin` field, HostPluginInfo.plugin_name, config group os_vif_<name>. */
  readonly name: string;
  /** Config options of group [os_vif_<name>] (see defineOptions). */
  readonly options?: ConfigOptions;
  readonly description?: string;
}

/** What `@Consumes` may add: the port profiles (and their version ranges) accepted with the VIF class. */
export interface ConsumesOptions {
  /** Accepted port profile classes with their version ranges. Omitted or []: no port profile accepted. */
  readonly profiles?: ReadonlyArray<readonly [ObjectClassLike, string]>;
}

const PLUGIN_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Declares that the class is an osvif plugin; must be the outermost (top) decorator. */
export function VifPlugin(spec: VifPluginOptions): ClassDecorator {
  return (target, context?: unknown) => {
    assertLegacyCall('@VifPlugin', context);
    const above = takeConsumesPending();
    if (above && !Object.prototype.hasOwnProperty.call(target, CONSUMES_KEY)) {
      throw new DecoratorUsageError(typeof spec?.name === 'string' ? spec.name : target.name, CONSUMES_ORDER);
    }
    const definition = buildDefinition(target as unknown as PluginDefinition['pluginClass'], spec);
    Object.defineProperty(target, DEFINITION_KEY, { value: definition, enumerable: false });
    // The runtime also applies its own injectable() (its tsyringe copy may differ);
    // this one lets a plugin be resolved from any container in tests.
    injectable()(target as unknown as new (...args: never[]) => object);
  };
}

/**
 * Declares a VIF class the plugin consumes, with the accepted versions as a
 * semver range over the class's "major.minor" versions, and the port profiles
 * it accepts with theirs. List them top to bottom in HostPluginInfo order.
 */
export function Consumes(vif: ObjectClassLike, range: string, options: ConsumesOptions = {}): ClassDecorator {
  const applied = consumesCalled();
  return (target, context?: unknown) => {
    applied();
    assertLegacyCall('@Consumes', context);
    if (Object.prototype.hasOwnProperty.call(target, DEFINITION_KEY)) {
      throw new DecoratorUsageError(getPluginDefinition(target)?.name ?? target.name, CONSUMES_ORDER);
    }
    // Class decorators run bottom-up: prepend to keep source order.
    ownList<RawConsumes>(target, CONSUMES_KEY).unshift({ vif, range, profiles: options.profiles ?? [] });
  };
}

function handlerDecorator(operation: VifOperation, vifs: readonly ObjectClassLike[]): MethodDecorator {
  return (prototype, method) => {
    assertLegacyCall(operation === 'plug' ? '@Plug' : '@Unplug', method);
    const ctor = (prototype as { constructor: object }).constructor;
    if (vifs.length === 0)
      throw new DecoratorUsageError(
        ctor && (ctor as { name: string }).name,
        `@${operation === 'plug' ? 'Plug' : 'Unplug'} needs at least one VIF class`,
      );
    for (const vif of vifs) ownList<RawHandler>(ctor, HANDLERS_KEY).push({ operation, vif, method });
  };
}

/** Marks the method that plugs VIFs of these classes (and of their subclasses without a handler of their own). */
export function Plug(...vifs: ObjectClassLike[]): MethodDecorator {
  return handlerDecorator('plug', vifs);
}

/** Marks the method that unplugs VIFs of these classes. */
export function Unplug(...vifs: ObjectClassLike[]): MethodDecorator {
  return handlerDecorator('unplug', vifs);
}

function nameOf(cls: unknown): string {
  if (cls && (typeof cls === 'function' || typeof cls === 'object')) {
    const n = (cls as { objName?: unknown; name?: unknown }).objName ?? (cls as { name?: unknown }).name;
    if (typeof n === 'string') return n;
  }
  return String(cls);
}

/** The registered class of that objName if it is `cls` itself and of kind `base`. */
function checkRegistered(plugin: string, cls: ObjectClassLike, base: 'VIFBase' | 'VIFPortProfileBase'): ObjectClassLike {
  const kind = base === 'VIFBase' ? 'VIF' : 'port profile';
  const objName = nameOf(cls);
  let registered: unknown;
  try {
    registered = objectRegistry.get(objName);
  } catch {
    registered = undefined;
  }
  // A subclass inherits the static objName, so it looks like the registered class by name: say what it is.
  const given: unknown = cls;
  if (typeof registered === 'function' && typeof given === 'function' && given !== registered && given.prototype instanceof registered) {
    throw new UnregisteredSubclassError(plugin, given.name, objName, kind);
  }
  if (!registered || typeof cls !== 'function' || !objectRegistry.isA(cls as never, base)) {
    throw new UnknownObjectClassError(plugin, objName, kind);
  }
  return cls;
}

function declaredVersions(plugin: string, cls: ObjectClassLike, range: string): string[] {
  if (!isValidRange(range)) throw new InvalidVersionRangeError(plugin, cls.objName, String(range));
  const versions = versionsInRange(cls.versions, range);
  if (versions.length === 0) throw new VersionRangeMatchesNothingError(plugin, cls.objName, range, cls.versions);
  return versions;
}

/** objNames from the class up to (and including) VIFBase, most specific first. */
export function lineage(cls: unknown): string[] {
  const out: string[] = [];
  let c: unknown = cls;
  while (typeof c === 'function' && c !== Function.prototype) {
    const n = (c as { objName?: unknown }).objName;
    if (typeof n === 'string' && out[out.length - 1] !== n) out.push(n);
    c = Object.getPrototypeOf(c);
  }
  return out;
}

function buildDefinition(pluginClass: PluginDefinition['pluginClass'], spec: VifPluginOptions): PluginDefinition {
  const label = typeof spec?.name === 'string' ? spec.name : pluginClass.name;
  if (typeof spec?.name !== 'string' || !PLUGIN_NAME.test(spec.name)) {
    throw new InvalidPluginNameError(String(label), 'must match [a-z][a-z0-9_]* (at most 64 characters)');
  }
  const plugin = spec.name;

  const consumes = Object.prototype.hasOwnProperty.call(pluginClass, CONSUMES_KEY) ? ownList<RawConsumes>(pluginClass, CONSUMES_KEY) : [];
  if (consumes.length === 0) throw new NoVifDeclaredError(plugin);

  const vifs: VifDeclaration[] = [];
  const consumedClasses: ObjectClassLike[] = [];
  for (const c of consumes) {
    const cls = checkRegistered(plugin, c.vif, 'VIFBase');
    if (vifs.some((v) => v.objName === cls.objName)) throw new DuplicateDeclarationError(plugin, cls.objName, 'VIF class');
    const versions = declaredVersions(plugin, cls, c.range);
    const profiles: ProfileDeclaration[] = [];
    for (const [profileClass, profileRange] of c.profiles) {
      const pcls = checkRegistered(plugin, profileClass, 'VIFPortProfileBase');
      if (profiles.some((p) => p.objName === pcls.objName)) {
        throw new DuplicateDeclarationError(plugin, pcls.objName, `port profile (for ${cls.objName})`);
      }
      profiles.push({ objName: pcls.objName, range: profileRange, versions: declaredVersions(plugin, pcls, profileRange) });
    }
    vifs.push({ objName: cls.objName, range: c.range, versions, profiles });
    consumedClasses.push(cls);
  }

  // A handler may sit on a consumed class or on one of its ancestors (e.g. VIFBase as catch-all).
  const reachable = new Set(consumedClasses.flatMap((c) => lineage(c)));
  const handlers: Record<VifOperation, Map<string, string | symbol>> = { plug: new Map(), unplug: new Map() };
  const raw = Object.prototype.hasOwnProperty.call(pluginClass, HANDLERS_KEY) ? ownList<RawHandler>(pluginClass, HANDLERS_KEY) : [];
  for (const h of raw) {
    const cls = checkRegistered(plugin, h.vif, 'VIFBase');
    if (!reachable.has(cls.objName)) throw new UnusedHandlerError(plugin, cls.objName, h.operation);
    const map = handlers[h.operation];
    if (map.has(cls.objName))
      throw new DuplicateDeclarationError(plugin, cls.objName, `@${h.operation === 'plug' ? 'Plug' : 'Unplug'} handler for`);
    map.set(cls.objName, h.method);
  }
  for (const cls of consumedClasses) {
    for (const op of ['plug', 'unplug'] as const) {
      if (!lineage(cls).some((n) => handlers[op].has(n))) throw new MissingHandlerError(plugin, cls.objName, op);
    }
  }

  const hostState = hostStateHandlers(plugin, pluginClass, reachable);

  const options = spec.options ?? {};
  for (const [name, optionSpec] of Object.entries(options)) {
    const problem = optionSpecProblem(name, optionSpec);
    if (problem) throw new InvalidConfigOptionError(plugin, name, problem);
  }

  return Object.freeze({
    name: plugin,
    pluginClass,
    description: spec.description,
    vifs: Object.freeze(vifs),
    options,
    handlers,
    hostState,
  });
}

/** The @ListOwned/@Check/@Collect/@Status methods, each declared at most once (@Check: once per VIF class). */
function hostStateHandlers(plugin: string, pluginClass: object, reachable: ReadonlySet<string>): HostStateHandlers {
  const raw = Object.prototype.hasOwnProperty.call(pluginClass, HOST_STATE_KEY)
    ? ownList<RawHostStateHandler>(pluginClass, HOST_STATE_KEY)
    : [];
  const single: { list?: string | symbol; collect?: string | symbol; status?: string | symbol } = {};
  const check = new Map<string, string | symbol>();
  const decorator = { list: '@ListOwned', collect: '@Collect', status: '@Status', check: '@Check' } as const;
  for (const h of raw) {
    if (h.role === 'check') {
      const cls = checkRegistered(plugin, h.vif!, 'VIFBase');
      if (!reachable.has(cls.objName)) throw new UnusedHandlerError(plugin, cls.objName, 'check');
      if (check.has(cls.objName)) throw new DuplicateDeclarationError(plugin, cls.objName, '@Check handler for');
      check.set(cls.objName, h.method);
    } else {
      if (single[h.role] !== undefined) throw new DecoratorUsageError(plugin, `${decorator[h.role]} is declared twice`);
      single[h.role] = h.method;
    }
  }
  if (single.collect !== undefined && single.list === undefined)
    throw new DecoratorUsageError(plugin, '@Collect needs @ListOwned: gc removes what the list finds');
  return Object.freeze({ ...single, check });
}
