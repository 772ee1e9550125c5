// Checks, before any plugin code runs, that the VIF (and its port profile) is
// of a class and instance version that the plugin declared. The version checked
// is the instance's own (the wire version when hydrated from a primitive).
import { findVifDeclaration, PluginDefinition, versionInRange } from '@osvif/sdk';
import { VIFBase, VersionedObject } from '@osvif/objects';
import {
  PortProfileNotAcceptedError,
  PortProfileVersionNotAcceptedError,
  VifClassNotAcceptedError,
  VifVersionNotAcceptedError,
} from './errors';

function objNameOf(obj: VersionedObject): string {
  return obj.objName;
}

/** The port profile, when set (VIFBase declares the field for every VIF class). */
function portProfileOf(vif: VIFBase): VersionedObject | undefined {
  return vif.isSet('port_profile') ? (vif.getIfSet('port_profile') ?? undefined) : undefined;
}

export function assertAccepted(definition: PluginDefinition, vif: VIFBase): void {
  const objName = objNameOf(vif);
  const decl = findVifDeclaration(definition, objName);
  if (!decl)
    throw new VifClassNotAcceptedError(
      definition.name,
      objName,
      definition.vifs.map((v) => v.objName),
    );
  if (!versionInRange(vif.instanceVersion, decl.range)) {
    throw new VifVersionNotAcceptedError(definition.name, objName, vif.instanceVersion, decl.range);
  }
  const profile = portProfileOf(vif);
  if (!profile) return;
  const pName = objNameOf(profile);
  const pDecl = decl.profiles.find((p) => p.objName === pName);
  if (!pDecl)
    throw new PortProfileNotAcceptedError(
      definition.name,
      objName,
      pName,
      decl.profiles.map((p) => p.objName),
    );
  if (!versionInRange(profile.instanceVersion, pDecl.range)) {
    throw new PortProfileVersionNotAcceptedError(definition.name, pName, profile.instanceVersion, pDecl.range);
  }
}
