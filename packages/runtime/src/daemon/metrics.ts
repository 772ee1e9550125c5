// Prometheus metrics of the daemon (opt-in, [osvif] metrics_address), with prom-client on a registry of its own.
// Operation counts and latencies come from the API layer; OVSDB connections and write batches are counted from
// the log records the OVSDB client and the ovs plugin write anyway (the daemon's logger sees every record before
// the level filter), so the plugins need no metrics API.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LogFields } from '@osvif/sdk';

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

  constructor() {
    // Process metrics, among them nodejs_eventloop_lag_seconds (and its percentiles).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** One answered request. `plugin` / `vifClass` from the request's VIF ('' for operations without one). */
  request(operation: string, status: number, plugin: string, vifClass: string, outcome: string, seconds: number | undefined): void {
    this.requests.inc({ operation, status: String(status) });
    if (seconds === undefined) return;
    this.operations.inc({ operation, plugin, vif_class: vifClass, outcome });
    this.latency.observe({ operation, plugin, vif_class: vifClass }, seconds);
  }

  /** Counts what the log records say about OVSDB connections, write batches and netlink batches. */
  observeLog(msg: string, fields: LogFields | undefined): void {
    if (msg === 'ovsdb connected') this.ovsdbConnections.inc();
    else if (msg === 'ovsdb connection lost') this.ovsdbLost.inc();
    else if (msg === 'ovsdb transaction committed' && typeof fields?.operations === 'number') this.ovsdbBatch.observe(fields.operations);
    else if (msg === 'netlink batch sent' && typeof fields?.messages === 'number') this.netlinkBatch.observe(fields.messages);
  }

  /** The metrics in Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
