// One line of `osvif plugin check`.

/** ok and warn pass; FAILED fails the check (exit 1); skipped: it needs a check that failed. */
export type CheckStatus = 'ok' | 'warn' | 'FAILED' | 'skipped';

export interface CheckResult {
  /** Stable name of the check: package.json, declaration, entry, sdk, load, plugin class, declarations, name. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** What to change, for warn and FAILED. */
  readonly fix?: string;
}

export const ok = (check: string, message: string): CheckResult => ({ check, status: 'ok', message });
export const warn = (check: string, message: string, fix: string): CheckResult => ({ check, status: 'warn', message, fix });
export const failed = (check: string, message: string, fix: string): CheckResult => ({ check, status: 'FAILED', message, fix });
export const skipped = (check: string, needs: string): CheckResult => ({ check, status: 'skipped', message: `needs ${needs}` });
