// A bench module's worker: the same file run as `node FILE --worker` inside a test namespace, its request as JSON on
// stdin, its result as the last line of stdout. One process per way measured, so each starts cold and alone.
import { execFile } from 'node:child_process';

/** Serves `work` when `mod` is the main module started with `--worker`; failures exit 1 with the stack on stderr. */
export function workerMain<Req, Res>(mod: NodeModule, label: string, work: (req: Req) => Promise<Res>): void {
  if (require.main !== mod || process.argv[2] !== '--worker') return;
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c: string) => (input += c));
  process.stdin.on('end', () => {
    work(JSON.parse(input) as Req).then(
      (r) => {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`${label} worker failed: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      },
    );
  });
}

/** Runs `file --worker` in namespace `ns` with `req`; rejects with the tail of its stderr when it fails. */
export function runWorkerIn<Req, Res>(
  ns: string,
  file: string,
  req: Req,
  label: string,
  limits: { maxBuffer: number; timeout: number },
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const child = execFile('ip', ['netns', 'exec', ns, process.execPath, file, '--worker'], limits, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${label} worker failed: ${stderr.trim().slice(-3000) || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Res);
    });
    child.stdin?.end(JSON.stringify(req));
  });
}
