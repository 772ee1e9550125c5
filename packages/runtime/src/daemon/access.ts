// Who may call the API: decided from the kernel's record of the connecting process (SO_PEERCRED), never from
// anything the caller sends. Root and the daemon's own user are always allowed.
import type { PeerCredentials } from '@osvif/unix-socket';
import { ConfigValueError } from '../config/errors';

/** The allowlist of `[osvif] api_allowed_uids` / `api_allowed_gids`. */
export interface AccessPolicy {
  readonly uids: ReadonlySet<number>;
  readonly gids: ReadonlySet<number>;
}

function ids(option: string, values: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const v of values) {
    if (!/^\d{1,10}$/.test(v.trim()) || Number(v) > 0xfffffffe)
      throw new ConfigValueError('configuration', 'osvif', option, v, 'not a numeric id');
    out.add(Number(v));
  }
  return out;
}

/** The policy of the configured lists (numbers only: names would depend on NSS lookups at each reload). */
export function accessPolicy(settings: { api_allowed_uids: readonly string[]; api_allowed_gids: readonly string[] }): AccessPolicy {
  return { uids: ids('api_allowed_uids', settings.api_allowed_uids), gids: ids('api_allowed_gids', settings.api_allowed_gids) };
}

/** The daemon's uid: fixed for its life (read once, not per request). */
const OWN_UID = process.getuid?.() ?? -1;

/** Whether the caller may use the API: root, the daemon's uid, a listed uid, or a member of a listed group. */
export function isAllowed(policy: AccessPolicy, peer: PeerCredentials, ownUid: number = OWN_UID): boolean {
  if (peer.uid === 0 || peer.uid === ownUid || policy.uids.has(peer.uid)) return true;
  if (policy.gids.has(peer.gid)) return true;
  return peer.groups.some((g) => policy.gids.has(g));
}
