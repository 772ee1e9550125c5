// Plug (or unplug) the same VIFs on both sides, then snapshot both and diff.
import type { InstanceInfo, VIFBase } from '@osvif/objects';
import { ParitySide, SideOutcome } from './sides';
import { diffStates, formatDiff, StateDifference, StateSnapshot } from './snapshot';

export interface ParityStep {
  readonly reference: readonly SideOutcome[];
  readonly candidate: readonly SideOutcome[];
  readonly referenceState: StateSnapshot;
  readonly candidateState: StateSnapshot;
  /** left = reference (os-vif 3.0.0), right = candidate (osvif). */
  readonly diff: readonly StateDifference[];
  /** formatDiff(diff) with the two sides' labels. */
  readonly report: string;
}

/** Runs `op` for each VIF in order on both sides (sides in parallel), then compares. */
export async function runOnBoth(
  reference: ParitySide,
  candidate: ParitySide,
  op: 'plug' | 'unplug',
  vifs: readonly VIFBase[],
  instanceInfo: InstanceInfo,
): Promise<ParityStep> {
  const seq = async (side: ParitySide): Promise<SideOutcome[]> => {
    const out: SideOutcome[] = [];
    for (const vif of vifs) out.push(await side[op](vif, instanceInfo));
    return out;
  };
  const [r, c] = await Promise.all([seq(reference), seq(candidate)]);
  const [rs, cs] = await Promise.all([reference.snapshot(), candidate.snapshot()]);
  const diff = diffStates(rs, cs);
  return {
    reference: r,
    candidate: c,
    referenceState: rs,
    candidateState: cs,
    diff,
    report: formatDiff(diff, [reference.label, candidate.label]),
  };
}

/** A one-line description of failed outcomes ('' when all succeeded). */
export function failures(outcomes: readonly SideOutcome[]): string {
  return outcomes
    .map((o, i) =>
      o.ok
        ? ''
        : `#${i}: ${o.error.type}: ${o.error.message}${o.error.cause ? ` (cause ${o.error.cause.type}: ${o.error.cause.message})` : ''}`,
    )
    .filter(Boolean)
    .join('; ');
}
