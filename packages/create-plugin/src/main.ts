// `create-osvif-plugin <dir> [--name <plugin>] [--package-name <npm name>]` (what `npm init @osvif/plugin <dir>`
// runs): writes a working plugin package into <dir>. Exit 0 done, 1 the directory is in use, 2 a usage error.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OsvifError } from '@osvif/objects';
import { ScaffoldUsageError } from './errors';
import { generate } from './generate';
import { checkPackageName, checkPluginName, className, pluginNameFor } from './names';

const USAGE = `usage: npm init @osvif/plugin <dir> [-- --name <plugin name>] [--package-name <npm package name>]
       create-osvif-plugin <dir> [--name <plugin name>] [--package-name <npm package name>]`;

/** Runs the command; returns the exit status (messages go to stdout/stderr). */
export async function main(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { name: { type: 'string' }, 'package-name': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new ScaffoldUsageError(`expected one directory\n${USAGE}`);
    const dir = resolve(positionals[0]);
    const pluginName = checkPluginName(values.name ?? pluginNameFor(basename(dir)));
    const packageName = checkPackageName(values['package-name'] ?? `osvif-plugin-${pluginName.replace(/_/g, '-')}`);
    const files = generate({ dir, pluginName, packageName, className: className(pluginName), osvifRange: `^${ownVersion()}` });
    out.write(`Created ${packageName} (osvif plugin "${pluginName}") in ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}\n\n`);
    out.write(`Next:\n  cd ${positionals[0]}\n  npm install\n  npm run build\n  npm test\n`);
    return 0;
  } catch (e) {
    const usage = e instanceof ScaffoldUsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    err.write(`create-osvif-plugin: ${e instanceof OsvifError ? `${e.code}: ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
    return usage ? 2 : 1;
  }
}

/** This package's version: every @osvif package has the same one (fixed versioning), so `^` it is the SDK range. */
function ownVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
