import { performance } from 'node:perf_hooks';
import type { Clock } from '@osvif/sdk';

/** CLOCK: monotonic milliseconds and a timer-based sleep. */
export class SystemClock implements Clock {
  now(): number {
    return performance.now();
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}
