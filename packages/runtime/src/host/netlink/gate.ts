// Read/write gate for one netlink socket. Plain requests run concurrently
// ("shared"); a dump runs alone ("exclusive") because the kernel refuses a
// second dump on a socket (EBUSY). Replies are matched by sequence number, so
// running plain requests beside a dump would be safe; keeping the dump alone
// keeps the receive buffer free for its many parts.
export class RequestGate {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; go: () => void }> = [];

  async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await fn();
    } finally {
      this.release(exclusive);
    }
  }

  private canGo(exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
  }

  private acquire(exclusive: boolean): Promise<void> {
    // FIFO: a new shared request does not overtake a waiting dump.
    if (this.waiting.length === 0 && this.canGo(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ exclusive, go: resolve }));
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusive = true;
    else this.shared++;
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    while (this.waiting.length && this.canGo(this.waiting[0].exclusive)) {
      const next = this.waiting.shift()!;
      this.take(next.exclusive);
      next.go();
    }
  }
}
