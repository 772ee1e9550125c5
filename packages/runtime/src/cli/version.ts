import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version of this package (@osvif/runtime), as `osvif --version` prints it. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
}
