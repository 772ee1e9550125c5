// The vsctl driver runs ovs-vsctl, which waits silently (for the server, for ovs-vswitchd) up to its --timeout:
// a run of more than a few seconds says so, as the native driver's waits do (the CLI shows these on stderr).
// A stand-in program that takes 3.5 s plays ovs-vsctl (vsctlPath), so no OVS is needed.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogFields, Logger } from '@osvif/sdk';
import { ExecFileCommandRunner } from '@osvif/runtime';
import { VsctlOvsDriver } from '../../src/ovsdb/vsctl';

it('a slow ovs-vsctl run logs "still waiting for ovs-vsctl" with what and how long, marked as progress', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'osvif-vsctl-progress-'));
  const slow = join(dir, 'slow-vsctl');
  writeFileSync(slow, '#!/bin/sh\nsleep 3.5\n');
  chmodSync(slow, 0o755);
  const records: Array<{ msg: string; fields?: LogFields }> = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => void records.push({ msg, fields }),
    error: () => undefined,
    child: () => logger,
  };
  try {
    const driver = new VsctlOvsDriver({
      connection: 'unix:/run/nowhere/db.sock',
      timeoutSeconds: 10,
      logger,
      runner: new ExecFileCommandRunner(),
      vsctlPath: slow,
    });
    await driver.ensureBridge('br-progress');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(records).toEqual([
    {
      msg: 'still waiting for ovs-vsctl',
      fields: expect.objectContaining({
        operation: 'ensureBridge',
        endpoint: 'unix:/run/nowhere/db.sock',
        waited_ms: expect.any(Number),
        progress: true,
      }),
    },
  ]);
  expect(records[0].fields!.gives_up_in_ms).toBeLessThanOrEqual(7_100);
}, 15_000);
