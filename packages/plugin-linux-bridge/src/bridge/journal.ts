// Undo steps of one plug, so that a failure leaves the host as it was: each
// change that succeeded registers how to take it back; rollback() runs them
// newest first and never throws (what could not be undone is logged).
import type { Logger } from '@osvif/sdk';

export class Journal {
  private readonly undos: Array<{ what: string; undo: () => Promise<void> }> = [];

  constructor(private readonly log: Logger) {}

  record(what: string, undo: () => Promise<void>): void {
    this.undos.push({ what, undo });
  }

  get size(): number {
    return this.undos.length;
  }

  /** Returns the steps that could not be undone. */
  async rollback(cause: unknown): Promise<string[]> {
    const failed: string[] = [];
    for (const { what, undo } of this.undos.reverse()) {
      try {
        await undo();
        this.log.debug('rolled back', { step: what });
      } catch (e) {
        failed.push(what);
        this.log.error('rollback step failed', {
          step: what,
          error: e instanceof Error ? e.message : String(e),
          cause: cause instanceof Error ? cause.message : String(cause),
        });
      }
    }
    this.undos.length = 0;
    return failed;
  }
}
