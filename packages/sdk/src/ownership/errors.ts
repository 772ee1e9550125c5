import { PluginError } from '../plugin/errors';

/** What kind of host resource a ForeignResourceError names. */
export type ResourceKind = 'link' | 'ovs-port' | 'ovs-bridge' | (string & {});

/**
 * A VIF's fields name a host resource that is not the VIF's: marked for another VIF, or unmarked and not
 * identified as this VIF's the os-vif way. Thrown before any change; the resource is neither used nor deleted.
 */
export class ForeignResourceError extends PluginError {
  static override readonly code = 'FOREIGN_RESOURCE';
  constructor(
    readonly vifId: string,
    readonly resourceKind: ResourceKind,
    /** The resource's name (device, port or bridge). */
    readonly resource: string,
    /** Whose it is: `VIF <id>` of a mark, or a description ('unmarked', 'the OVS bridge's own port'...). */
    readonly owner: string,
  ) {
    super(`VIF ${vifId}: ${resourceKind} ${resource} is not this VIF's (${owner}); refusing to use, change or delete it`);
  }
}
