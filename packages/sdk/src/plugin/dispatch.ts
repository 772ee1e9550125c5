// Declarative dispatch: a VIF goes to the handler declared for its own class,
// else for the nearest ancestor that has one (no instanceof chains).
import { lineage } from './decorators';
import type { VifOperation, PluginDefinition, VifDeclaration } from './metadata';

/** The VIF's class name (objName) chain, most specific first. */
export function vifLineage(vif: object): string[] {
  return lineage((vif as { constructor?: unknown }).constructor);
}

/** The method name that handles `operation` for this VIF, or undefined. */
export function findHandler(definition: PluginDefinition, operation: VifOperation, vif: object): string | symbol | undefined {
  for (const name of vifLineage(vif)) {
    const method = definition.handlers[operation].get(name);
    if (method !== undefined) return method;
  }
  return undefined;
}

/** The `@Check` method for this VIF (its class's, else its nearest ancestor's), or undefined. */
export function findCheckHandler(definition: PluginDefinition, vif: object): string | symbol | undefined {
  for (const name of vifLineage(vif)) {
    const method = definition.hostState.check.get(name);
    if (method !== undefined) return method;
  }
  return undefined;
}

/** The declaration for exactly this VIF class (acceptance is by exact class, as HostInfo advertises). */
export function findVifDeclaration(definition: PluginDefinition, objName: string): VifDeclaration | undefined {
  return definition.vifs.find((v) => v.objName === objName);
}
