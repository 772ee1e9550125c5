// A normalised picture of what plugging left behind in one namespace + its
// private OVS, and a readable diff between two of them.
import { captureIptables, captureLinks, captureSysctls, LinkState } from './kernel';
import { captureOvsState, OvsState } from './ovsdb';

export * from './ovsdb';
export * from './kernel';

export interface StateSnapshot {
  readonly ovs?: OvsState;
  readonly links: Readonly<Record<string, LinkState>>;
  /** Per link: sysctl path (under /proc/sys) -> value. */
  readonly sysctls?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Normalised iptables-save / ip6tables-save, per table. */
  readonly iptables?: {
    readonly v4: Readonly<Record<string, readonly string[]>>;
    readonly v6: Readonly<Record<string, readonly string[]>>;
  };
}

export interface CaptureOptions {
  /** Namespace the links live in. */
  readonly netns: string;
  /** OVSDB endpoint (`unix:...`) of the private OVS; omit for kernel-only snapshots. */
  readonly ovsdb?: string;
  /** Sysctls of every Linux bridge (`true`) or of the named links; see BRIDGE_SYSCTLS. */
  readonly sysctls?: boolean | readonly string[];
  /** Add iptables-save and ip6tables-save output. */
  readonly iptables?: boolean;
  /** Links to leave out of the snapshot. */
  readonly ignoreLinks?: (name: string) => boolean;
}

export async function captureState(options: CaptureOptions): Promise<StateSnapshot> {
  const [ovs, allLinks] = await Promise.all([
    options.ovsdb ? captureOvsState(options.ovsdb) : Promise.resolve(undefined),
    captureLinks(options.netns),
  ]);
  const links = options.ignoreLinks ? Object.fromEntries(Object.entries(allLinks).filter(([n]) => !options.ignoreLinks!(n))) : allLinks;
  let sysctls: StateSnapshot['sysctls'];
  if (options.sysctls) {
    const names = options.sysctls === true ? Object.keys(links).filter((n) => links[n].kind === 'bridge') : options.sysctls;
    sysctls = await captureSysctls(options.netns, names);
  }
  let iptables: StateSnapshot['iptables'];
  if (options.iptables) {
    const [v4, v6] = await Promise.all([captureIptables(options.netns, 4), captureIptables(options.netns, 6)]);
    iptables = { v4, v6 };
  }
  return { ...(ovs ? { ovs } : {}), links, ...(sysctls ? { sysctls } : {}), ...(iptables ? { iptables } : {}) };
}

/** One difference: `left`/`right` are undefined when the key exists on one side only. */
export interface StateDifference {
  /** e.g. `ovs.ports.tapb679325f-ca.tag`, `links.qvbb679325f-ca.promisc`. */
  readonly path: string;
  readonly left?: unknown;
  readonly right?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Differences between two snapshots (or any JSON values), deepest first-level
 * paths: objects recurse by key, arrays and scalars compare as whole values.
 */
export function diffStates(left: unknown, right: unknown, at = ''): StateDifference[] {
  if (isRecord(left) && isRecord(right)) {
    const out: StateDifference[] = [];
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const k of keys) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in right)) out.push({ path: p, left: left[k] });
      else if (!(k in left)) out.push({ path: p, right: right[k] });
      else out.push(...diffStates(left[k], right[k], p));
    }
    return out;
  }
  return JSON.stringify(left) === JSON.stringify(right) ? [] : [{ path: at || '(root)', left, right }];
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/** Human-readable diff; arrays of strings show what is only on each side. */
export function formatDiff(diffs: readonly StateDifference[], labels: readonly [string, string] = ['left', 'right']): string {
  if (diffs.length === 0) return '(no differences)';
  const [l, r] = labels;
  return diffs
    .map((d) => {
      if (Array.isArray(d.left) && Array.isArray(d.right) && [...d.left, ...d.right].every((x) => typeof x === 'string')) {
        const a = d.left as string[];
        const b = d.right as string[];
        const onlyL = a.filter((x) => !b.includes(x));
        const onlyR = b.filter((x) => !a.includes(x));
        const lines = [`${d.path}:`];
        for (const x of onlyL) lines.push(`  - ${x}   (only ${l})`);
        for (const x of onlyR) lines.push(`  + ${x}   (only ${r})`);
        if (!onlyL.length && !onlyR.length) lines.push('  same entries, different order');
        return lines.join('\n');
      }
      return `${d.path}: ${l}=${show(d.left)}  ${r}=${show(d.right)}`;
    })
    .join('\n');
}
