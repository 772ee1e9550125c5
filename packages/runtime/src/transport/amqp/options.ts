// Options shared by the AMQP client and server, in a file of their own: the public declarations then never
// reach amqplib's types (which only connection.ts and url.ts use).

/** Reconnect backoff of the AMQP transport. */
export interface AmqpReconnectOptions {
  /** First delay after a lost connection; default 100 ms. */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts; default 5000 ms. */
  readonly maxDelayMs?: number;
}
