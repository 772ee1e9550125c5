// `npm run bench`: runs every benchmark module, prints one markdown table per
// section with osvif beside os-vif 3.0.0 and the ratio, and with --write
// replaces the results part of BENCHMARKS.md.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BenchModule, BenchSection, ratio } from './types';

/** Modules in the order they run; each file lives beside this one. */
const MODULES = ['objects', 'cold-start', 'netlink', 'batch', 'ovsdb', 'plug', 'scale', 'fleet', 'daemon', 'hardening'];

function render(section: BenchSection): string {
  const lines = [`### ${section.title}`, '', '| measure | osvif | os-vif 3.0.0 | ratio | goal |', '|---|---|---|---|---|'];
  for (const row of section.rows) {
    const r = ratio(row);
    const fmt = (v: number | undefined) => (v === undefined ? '—' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ${row.unit}`);
    const goal = row.goalRatio === undefined ? '' : `≥ ${row.goalRatio}× ${r !== undefined && r >= row.goalRatio ? '(met)' : '(not met)'}`;
    lines.push(
      `| ${row.name}${row.note ? ` (${row.note})` : ''} | ${fmt(row.osvif)} | ${fmt(row.osvifPython)} | ${r === undefined ? '—' : `${r.toFixed(1)}×`} | ${goal} |`,
    );
  }
  for (const n of section.notes ?? []) lines.push('', n);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.filter((a) => !a.startsWith('--'));
  const out: string[] = [];
  for (const name of MODULES) {
    if (only.length && !only.includes(name)) continue;
    const file = join(__dirname, `${name}.js`);
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as BenchModule;
    process.stderr.write(`bench: ${name}...\n`);
    const text = render(await mod.run({ quick }));
    process.stdout.write(`${text}\n\n`);
    out.push(text);
  }
  if (args.includes('--write')) {
    const path = join(__dirname, '../../../BENCHMARKS.md');
    const head = existsSync(path) ? readFileSync(path, 'utf8').split('<!-- results -->')[0] : '# Benchmarks\n\n';
    const stamp = `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --write\` on this project's 2-core machine.`;
    writeFileSync(path, `${head}<!-- results -->\n${stamp}\n\n${out.join('\n\n')}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
