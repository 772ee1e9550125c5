/** Wire types of the JSON Lines protocol spoken by python/osvif_bridge.py (see docs/interop.md). */

/** An os-vif object primitive as JSON (the `versioned_object.*` envelope). */
export interface OsVifPrimitive {
  'versioned_object.name': string;
  'versioned_object.namespace': string;
  'versioned_object.version': string;
  'versioned_object.data': Record<string, unknown>;
  'versioned_object.changes'?: string[];
}

/** Python exception as reported by the bridge. */
export interface BridgeErrorInfo {
  readonly type: string;
  readonly module: string;
  readonly message: string;
  readonly traceback?: string;
}

/** Result of one request when the caller wants errors as values (batches, error comparisons). */
export type BridgeOutcome<T = unknown> =
  | { readonly ok: true; readonly value: T; readonly warnings?: readonly string[] }
  | { readonly ok: false; readonly error: BridgeErrorInfo; readonly warnings?: readonly string[] };

export interface BridgeRequest {
  readonly op: string;
  readonly params?: Record<string, unknown>;
}

/** What a raw response line holds. */
export interface BridgeResponseLine {
  id: unknown;
  result?: unknown;
  error?: BridgeErrorInfo;
  warnings?: string[];
}

/** First line the bridge writes. */
export interface BridgeReadyLine {
  ready: boolean;
  os_vif?: string;
  'oslo.versionedobjects'?: string;
  python?: string;
  ops?: string[];
  error?: BridgeErrorInfo;
}

export interface BridgeVersion {
  readonly os_vif: string;
  readonly 'oslo.versionedobjects': string;
  readonly python: string;
  readonly ops: readonly string[];
}

/** One field as os-vif declares it (`describe_class`). */
export interface PyFieldDescription {
  readonly name: string;
  /** OVO field type class: String, UUID, MACAddress, PCIAddress, IPAddress, IPNetwork, Integer,
   *  Boolean, Object, List, or an Enum subclass name (VIFDirectMode, ...). */
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: unknown;
  readonly object?: string;
  readonly subclasses?: boolean;
  readonly element?: Omit<PyFieldDescription, 'name' | 'nullable' | 'default'>;
  readonly valid_values?: readonly string[];
}

export interface PyClassDescription {
  readonly name: string;
  readonly version: string;
  /** Versions registered in os-vif's registry (one in practice). */
  readonly versions: readonly string[];
  /** Registered os-vif ancestors, nearest first. */
  readonly parents: readonly string[];
  readonly fields: readonly PyFieldDescription[];
  readonly obj_relationships: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

export interface GenerateOptions {
  /** os-vif class name. */
  readonly class: string;
  readonly count: number;
  readonly seed: number;
  /** Probability that a field is left unset (default 0.2). */
  readonly p_unset?: number;
  /** Probability that a nullable field is null (default 0.2). */
  readonly p_null?: number;
  /** The first `full_first` objects have every field set (default 2). */
  readonly full_first?: number;
}
