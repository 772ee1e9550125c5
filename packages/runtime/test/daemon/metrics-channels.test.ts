// The daemon's OVSDB and netlink metrics come from node:diagnostics_channel channels (docs/daemon.md, "Metrics"),
// not from log records: what the publishers send is counted, nothing after close().
import { channel } from 'node:diagnostics_channel';
import { DaemonMetrics } from '../../src/daemon/metrics';

const value = (text: string, line: string): number => Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

it('counts OVSDB connections, write transactions and netlink batches from their channels', async () => {
  const metrics = new DaemonMetrics();
  try {
    channel('osvif:ovsdb:connection').publish({ endpoint: 'unix:/x', event: 'connected' });
    channel('osvif:ovsdb:connection').publish({ endpoint: 'unix:/x', event: 'lost' });
    channel('osvif:ovsdb:connection').publish({ endpoint: 'unix:/x', event: 'connected' });
    channel('osvif:ovsdb:transaction').publish({ writes: 3, operations: 7 });
    channel('osvif:netlink:batch').publish({ messages: 5 });
    channel('osvif:netlink:batch').publish({ messages: 'five' }); // not a number: ignored
    const text = await metrics.registry.metrics();
    expect(value(text, 'osvif_ovsdb_connections_total')).toBe(2);
    expect(value(text, 'osvif_ovsdb_connections_lost_total')).toBe(1);
    expect(value(text, 'osvif_ovsdb_transaction_operations_sum')).toBe(7);
    expect(value(text, 'osvif_ovsdb_transaction_operations_count')).toBe(1);
    expect(value(text, 'osvif_netlink_batch_messages_sum')).toBe(5);
    expect(value(text, 'osvif_netlink_batch_messages_count')).toBe(1);
  } finally {
    metrics.close();
  }
  channel('osvif:netlink:batch').publish({ messages: 9 });
  expect(value(await metrics.registry.metrics(), 'osvif_netlink_batch_messages_count')).toBe(1);
  expect(channel('osvif:netlink:batch').hasSubscribers).toBe(false);
});
