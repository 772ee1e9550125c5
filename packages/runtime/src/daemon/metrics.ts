// Prometheus metrics of the daemon (opt-in, [osvif] metrics_address), with prom-client on a registry of its own.
// Operation counts and latencies come from the API layer; OVSDB connections, OVSDB write transactions and
// netlink batches from the node:diagnostics_channel channels the OVSDB client, the ovs plugin and the runtime's
// netlink socket publish on (docs/daemon.md, "Metrics"): the plugins need no metrics API, and nothing depends
// on the text or the level of a log record.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { NETLINK_BATCH_CHANNEL } from '../host/netlink/socket';

/** Published by @osvif/ovsdb's client: `{ endpoint, event: 'connected' | 'lost' }`. */
const OVSDB_CONNECTION_CHANNEL = 'osvif:ovsdb:connection';
/** Published by the ovs plugin's native driver: `{ writes, operations }` per write transaction. */
const OVSDB_TRANSACTION_CHANNEL = 'osvif:ovsdb:transaction';

/** The daemon's metrics and their registry. */
export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'osvif_api_requests_total',
    help: 'API requests answered, by operation and HTTP status.',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: 'osvif_operations_total',
    help: 'Operations run through the API, by operation, plugin, VIF class and outcome (ok or the error code).',
    labelNames: ['operation', 'plugin', 'vif_class', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'osvif_operation_duration_seconds',
    help: 'Time from a complete request to its answer, by operation, plugin and VIF class.',
    labelNames: ['operation', 'plugin', 'vif_class'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({ name: 'osvif_api_in_flight', help: 'API operations in flight.', registers: [this.registry] });
  private readonly ovsdbConnections = new Counter({
    name: 'osvif_ovsdb_connections_total',
    help: 'OVSDB connections established (the first and every reconnection).',
    registers: [this.registry],
  });
  private readonly ovsdbLost = new Counter({
    name: 'osvif_ovsdb_connections_lost_total',
    help: 'OVSDB connections lost (each is followed by reconnection attempts).',
    registers: [this.registry],
  });
  private readonly ovsdbBatch = new Histogram({
    name: 'osvif_ovsdb_transaction_operations',
    help: 'Operations per OVSDB write transaction, one or several writes combined (native driver).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  private readonly netlinkBatch = new Histogram({
    name: 'osvif_netlink_batch_messages',
    help: 'rtnetlink requests sent in one batch (one sendmsg).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });

  private readonly subscriptions: Array<[string, (message: unknown) => void]> = [
    [
      OVSDB_CONNECTION_CHANNEL,
      (m) => {
        const event = (m as { event?: unknown }).event;
        if (event === 'connected') this.ovsdbConnections.inc();
        else if (event === 'lost') this.ovsdbLost.inc();
      },
    ],
    [OVSDB_TRANSACTION_CHANNEL, (m) => this.observe(this.ovsdbBatch, (m as { operations?: unknown }).operations)],
    [NETLINK_BATCH_CHANNEL, (m) => this.observe(this.netlinkBatch, (m as { messages?: unknown }).messages)],
  ];

  constructor() {
    // Process metrics, among them nodejs_eventloop_lag_seconds (and its percentiles).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    for (const [name, fn] of this.subscriptions) subscribe(name, fn);
  }

  /** Stops listening to the channels (the registry stays readable). */
  close(): void {
    for (const [name, fn] of this.subscriptions) unsubscribe(name, fn);
  }

  private observe(histogram: Histogram, value: unknown): void {
    if (typeof value === 'number' && Number.isFinite(value)) histogram.observe(value);
  }

  /** One answered request. `plugin` / `vifClass` from the request's VIF ('' for operations without one). */
  request(operation: string, status: number, plugin: string, vifClass: string, outcome: string, seconds: number | undefined): void {
    this.requests.inc({ operation, status: String(status) });
    if (seconds === undefined) return;
    this.operations.inc({ operation, plugin, vif_class: vifClass, outcome });
    this.latency.observe({ operation, plugin, vif_class: vifClass }, seconds);
  }

  /** The metrics in Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
