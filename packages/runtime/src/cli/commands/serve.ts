// `osvif serve`: the daemon (docs/daemon.md). Logs JSON lines on stderr (journald); SIGTERM/SIGINT stop it
// gracefully (exit 0), SIGHUP reloads the configuration.
import type { Command } from 'commander';
import { globalFlags, loadConfig } from '../context';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the osvif daemon: the API on [osvif] api_socket (docs/daemon.md)')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const { OsVifDaemon } = require('../../daemon/server') as typeof import('../../daemon/server');
      const { StreamLogger } = require('../../core/services/logger') as typeof import('../../core/services/logger');
      const { RUNTIME_GROUP, RUNTIME_OPTIONS } = require('../../config/settings') as typeof import('../../config/settings');
      const settings = loadConfig(flags).values(RUNTIME_GROUP, RUNTIME_OPTIONS);
      type Level = import('../../core/services/logger').LogLevel;
      const logger = new StreamLogger({ level: (flags.logLevel ?? settings.log_level) as Level, json: true });
      const daemon = new OsVifDaemon({ loadConfig: () => loadConfig(flags), logger });
      await daemon.start();
      await new Promise<void>((resolve) => {
        const stop = (): void => void daemon.stop().then(resolve);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        process.on('SIGHUP', () => {
          daemon.reload().catch((e: unknown) => logger.error('reload failed: keeping the old configuration', { error: String(e) }));
        });
      });
    });
}
