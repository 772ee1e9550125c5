// How to start the agent with Node: the compiled main.js when running from
// dist/, or main.ts through a tiny TypeScript require hook when running from
// source (Jest maps @osvif/* to sources; there is no dist to run then).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The command (file + args) that runs the agent in the current process's style. */
export function agentNodeCommand(): { file: string; args: string[] } {
  const compiled = join(__dirname, 'main.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { file: process.execPath, args: [compiled] };
  const repoRoot = resolve(__dirname, '../../../../..');
  const ts = require.resolve('typescript', { paths: [__dirname] });
  return { file: process.execPath, args: ['-e', SOURCE_BOOTSTRAP, join(__dirname, 'main.ts'), repoRoot, ts] };
}

// Runs in `node -e`, argv: [node, main.ts, repoRoot, typescriptPath]. Transpiles
// .ts on require (no type check) and maps @osvif/<pkg> to packages/<pkg>/src.
// Output is cached by path+mtime+size so later starts skip loading TypeScript.
const SOURCE_BOOTSTRAP = `
const [main, root, tsPath] = process.argv.slice(1);
const fs = require('fs'), path = require('path'), Module = require('module'), crypto = require('crypto');
const cacheDir = path.join(require('os').tmpdir(), 'osvif-agent-ts-cache');
let ts;
// Only a cache directory we own and nobody else can write to may supply code.
const cacheOk = (() => { try {
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(cacheDir);
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
} catch { return false; } })();
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@osvif\\/([a-z-]+)$/.exec(request);
  return m ? path.join(root, 'packages', m[1], 'src', 'index.ts') : resolveFilename.call(this, request, ...rest);
};
require.extensions['.ts'] = function (module, filename) {
  const st = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(filename + ':' + st.mtimeMs + ':' + st.size).digest('hex');
  const cached = path.join(cacheDir, key + '.js');
  let code;
  try { if (!cacheOk) throw 0; code = fs.readFileSync(cached, 'utf8'); } catch {
    ts = ts || require(tsPath);
    code = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: {
      module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
      experimentalDecorators: true, emitDecoratorMetadata: true } }).outputText;
    if (cacheOk) try {
      const tmp = cached + '.' + process.pid;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {}
  }
  module._compile(code, filename);
};
require('reflect-metadata');
require(main);
`;
