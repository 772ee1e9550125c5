// Which config files a command reads, as oslo.config decides it: `--config-file FILE` (repeatable; `--config`
// is kept as an alias) and `--config-dir DIR` (its *.conf files in lexical order), parsed in the order given on
// the command line, later values winning. Without any: OSVIF_CONFIG_FILE (files or directories, separated by
// ':'); without that: /etc/osvif/osvif.conf and /etc/osvif/osvif.conf.d/*.conf, those that exist.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputFileError } from './errors';

/** One --config-file or --config-dir argument, in command-line order. */
export interface ConfigSource {
  readonly kind: 'file' | 'dir';
  readonly path: string;
}

/** Adds --config-file, --config and --config-dir to a command; their values land, in order, in `configSources`. */
export function addConfigOptions(cmd: Command): Command {
  const add = (kind: ConfigSource['kind']) => (path: string, previous: ConfigSource[] | undefined) => [...(previous ?? []), { kind, path }];
  // One attribute for all three, so the order between files and directories is kept.
  return cmd
    .option('--config-file <file>', 'nova.conf-style config file (repeatable; later files win)', add('file'))
    .option('--config <file>', 'alias of --config-file', add('file'))
    .option('--config-dir <dir>', 'directory whose *.conf files are read in lexical order (repeatable)', add('dir'))
    .on('option:config', function (this: Command) {
      merge(this, 'config');
    })
    .on('option:config-file', function (this: Command) {
      merge(this, 'configFile');
    })
    .on('option:config-dir', function (this: Command) {
      merge(this, 'configDir');
    });
}

// Commander keeps each flag's accumulator apart; after each value, move it into `configSources`.
function merge(cmd: Command, key: 'config' | 'configFile' | 'configDir'): void {
  const own = cmd.getOptionValue(key) as ConfigSource[] | undefined;
  if (!own?.length) return;
  const all = (cmd.getOptionValue('configSources') as ConfigSource[] | undefined) ?? [];
  cmd.setOptionValue('configSources', [...all, own[own.length - 1]]);
}

/** Where a command's config comes from when no --config-file/--config-dir is given. */
export function implicitConfigSources(env: Readonly<Record<string, string | undefined>>, etc = '/etc'): ConfigSource[] {
  const fromEnv = env.OSVIF_CONFIG_FILE;
  if (fromEnv)
    return fromEnv
      .split(':')
      .filter((p) => p !== '')
      .map((path) => ({ kind: isDirectory(path) ? 'dir' : 'file', path }));
  const file = join(etc, 'osvif', 'osvif.conf');
  const dir = join(etc, 'osvif', 'osvif.conf.d');
  return [
    ...(isFile(file) ? [{ kind: 'file' as const, path: file }] : []),
    ...(isDirectory(dir) ? [{ kind: 'dir' as const, path: dir }] : []),
  ];
}

/** The files to read, in order: a directory contributes its *.conf files, sorted as oslo sorts them. */
export function configFiles(sources: readonly ConfigSource[]): string[] {
  return sources.flatMap((s) => {
    if (s.kind === 'file') return [s.path];
    let names: string[];
    try {
      names = readdirSync(s.path);
    } catch (e) {
      throw new InputFileError(s.path, `cannot read config directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    return names
      .filter((n) => n.endsWith('.conf') && !n.startsWith('.')) // glob's *.conf: no hidden files
      .sort()
      .map((n) => join(s.path, n));
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
