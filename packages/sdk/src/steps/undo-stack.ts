// One plug's record of how to take back what it changed, so that a failed plug leaves the host as it was.
import type { Logger } from '../services/logger';

interface UndoStep {
  readonly what: string;
  readonly undo: () => Promise<unknown>;
}

/**
 * The undo steps of one host operation. Each change that succeeded pushes how to take it back;
 * `rollback()` runs them newest first and never throws.
 *
 * Logging (the same in every plugin): an undo that succeeds is logged at `debug` ("rolled back"); an undo
 * that fails is logged at `error` ("rollback step failed", with the step, its error and the failure that
 * caused the rollback), because the host is then left with a change nobody will take back and an operator
 * has to look. The failure that caused the rollback is the caller's to report (it is rethrown, not logged).
 */
export class UndoStack {
  private readonly steps: UndoStep[] = [];

  constructor(private readonly log: Logger) {}

  /** Registers how to take back a change that was just made (`what` names it in the logs). */
  push(what: string, undo: () => Promise<unknown>): void {
    this.steps.push({ what, undo });
  }

  /** How many undo steps are registered. */
  get size(): number {
    return this.steps.length;
  }

  /**
   * Runs every registered undo, newest first, and empties the stack. Never throws: a failed undo is logged
   * and the next one still runs. Returns the names of the steps that could not be undone.
   */
  async rollback(cause?: unknown): Promise<string[]> {
    const failed: string[] = [];
    const steps = this.steps.splice(0).reverse();
    for (const { what, undo } of steps) {
      try {
        await undo();
        this.log.debug('rolled back', { step: what });
      } catch (e) {
        failed.push(what);
        this.log.error('rollback step failed', {
          step: what,
          error: message(e),
          ...(cause === undefined ? {} : { cause: message(cause) }),
        });
      }
    }
    return failed;
  }
}

/**
 * Runs `steps` with a fresh UndoStack; if they throw, rolls back what they registered (newest first), then
 * rethrows their error unchanged.
 */
export async function withUndo<T>(log: Logger, steps: (undo: UndoStack) => Promise<T>): Promise<T> {
  const undo = new UndoStack(log);
  try {
    return await steps(undo);
  } catch (e) {
    await undo.rollback(e);
    throw e;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
