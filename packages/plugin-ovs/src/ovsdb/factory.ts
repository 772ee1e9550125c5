import { OvsdbInvalidArgumentError } from '@osvif/ovsdb';
import { DEFAULT_OVSDB_ENDPOINT } from './monitor';
import type { OvsDriver, OvsDriverOptions } from './types';

/**
 * Picks the implementation as os-vif does with `ovsdb_interface`. Synchronous:
 * the native driver connects on first use (and keeps reconnecting after). Each
 * driver's code is loaded when it is picked: `osvif host-info` loads neither.
 */
export function createOvsDriver(options: OvsDriverOptions): OvsDriver {
  const t = options.timeoutSeconds;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    throw new OvsdbInvalidArgumentError('timeoutSeconds', t, 'must be a positive number of seconds');
  }
  switch (options.interface) {
    case 'native': {
      // Empty: the local database ovs-vsctl would use without --db.
      const { NativeOvsDriver } = require('./native') as typeof import('./native');
      return new NativeOvsDriver({
        connection: options.connection === '' ? DEFAULT_OVSDB_ENDPOINT : options.connection,
        timeoutMs: t * 1000,
        logger: options.logger,
      });
    }
    case 'vsctl': {
      const { VsctlOvsDriver } = require('./vsctl') as typeof import('./vsctl');
      return new VsctlOvsDriver({
        connection: options.connection,
        timeoutSeconds: t,
        logger: options.logger,
        runner: options.runner,
        vsctlPath: options.vsctlPath,
      });
    }
    default:
      throw new OvsdbInvalidArgumentError('interface', (options as { interface: unknown }).interface, "must be 'native' or 'vsctl'");
  }
}
