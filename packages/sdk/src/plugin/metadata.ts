// What the decorators record on a plugin class, and the validated
// PluginDefinition built from it. Keys are global symbols so a plugin built
// against its own copy of @osvif/sdk is still understood by the runtime, and
// VIF classes are identified by objName (not by class identity) for the same reason.
import type { HostStateHandlers } from './host-state';
import type { ConfigOptions } from './options';

/** A versioned object class as the decorators need it (all os-vif classes fit). */
export interface ObjectClassLike {
  readonly objName: string;
  readonly versions: readonly string[];
  readonly name: string;
  readonly prototype: object;
}

/** What a handler does to a VIF: plug it into the host or unplug it. */
export type VifOperation = 'plug' | 'unplug';

/** A plugin class (decorated with `@VifPlugin`), as a value: what the runtime and the test kit take. */
export type PluginClass = abstract new (...args: never[]) => object;

/** Raw @Consumes data, in source order. */
export interface RawConsumes {
  readonly vif: ObjectClassLike;
  readonly range: string;
  readonly profiles: ReadonlyArray<readonly [ObjectClassLike, string]>;
}

/** Raw @Plug/@Unplug data. */
export interface RawHandler {
  readonly operation: VifOperation;
  readonly vif: ObjectClassLike;
  readonly method: string | symbol;
}

/** A port profile class a plugin accepts with a VIF class, with its version range and the versions it matches. */
export interface ProfileDeclaration {
  readonly objName: string;
  readonly range: string;
  /** Registered versions inside the range, ascending (never empty). */
  readonly versions: readonly string[];
}

/** A VIF class a plugin consumes (from @Consumes): its version range, matching versions and accepted port profiles. */
export interface VifDeclaration {
  readonly objName: string;
  readonly range: string;
  readonly versions: readonly string[];
  /** Accepted port profile classes; [] means "no port profile may be set". */
  readonly profiles: readonly ProfileDeclaration[];
}

/** Everything the runtime needs to know about a plugin class, validated. */
export interface PluginDefinition {
  readonly name: string;
  readonly pluginClass: abstract new (...args: never[]) => object;
  readonly description?: string;
  /** In declaration order (the order of HostPluginInfo.vif_info). */
  readonly vifs: readonly VifDeclaration[];
  readonly options: ConfigOptions;
  /** objName of the handled VIF class -> method name, per operation. */
  readonly handlers: Readonly<Record<VifOperation, ReadonlyMap<string, string | symbol>>>;
  /** The optional `@ListOwned`, `@Check`, `@Collect` and `@Status` methods. */
  readonly hostState: HostStateHandlers;
}

export const CONSUMES_KEY = Symbol.for('osvif.plugin.consumes');
export const HANDLERS_KEY = Symbol.for('osvif.plugin.handlers');
export const DEFINITION_KEY = Symbol.for('osvif.plugin.definition');

type Bag = Record<symbol, unknown>;

/** The class's own array under `key` (never the one inherited from a parent class). */
export function ownList<T>(target: object, key: symbol): T[] {
  const bag = target as Bag;
  if (!Object.prototype.hasOwnProperty.call(bag, key)) {
    Object.defineProperty(bag, key, { value: [], enumerable: false, configurable: true });
  }
  return bag[key] as T[];
}

/** The definition of a `@VifPlugin` class, or undefined for anything else. */
export function getPluginDefinition(value: unknown): PluginDefinition | undefined {
  if (typeof value !== 'function') return undefined;
  if (!Object.prototype.hasOwnProperty.call(value, DEFINITION_KEY)) return undefined;
  return (value as unknown as Bag)[DEFINITION_KEY] as PluginDefinition;
}
