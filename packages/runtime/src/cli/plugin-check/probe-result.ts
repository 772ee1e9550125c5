// What the probe child (probe-child.ts) reports to the `osvif plugin check` process.

/** Precedes the probe's JSON on the child's stdout; anything before it is the module's own output. */
export const PROBE_MARKER = '@@osvif-plugin-probe@@';

/** A @VifPlugin class the entry exports. */
export interface ProbedPlugin {
  readonly name: string;
  readonly className: string;
  /** "VIFClass range" per @Consumes. */
  readonly vifs: readonly string[];
}

export type ProbeResult =
  | {
      readonly loaded: true;
      readonly plugins: readonly ProbedPlugin[];
      /** A module of the package's graph that requires @osvif/runtime (the runtime refuses such a plugin). */
      readonly runtimeImport?: { readonly importer: string; readonly runtimeModule: string };
    }
  | {
      readonly loaded: false;
      readonly error: { readonly code: string; readonly name: string; readonly message: string };
      /** The error is one of the SDK's PluginDeclarationErrors (a decorator refused a declaration). */
      readonly declarationError: boolean;
    };
