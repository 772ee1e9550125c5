// A 'message' listener that throws: with the bare addon the exception unwound into its C++ and the process
// aborted ("terminate called after throwing an instance of 'Napi::Error'", SIGABRT, no JavaScript stack).
// The wrapper rethrows it from the next loop turn: an ordinary uncaught exception, exit status 1, our message.
// Runs the BUILT package in a child process (it must be allowed to die).
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '../dist/index.js');

const SCRIPT = `
const { NetlinkSocket, NetlinkProtocol } = require(${JSON.stringify(DIST)});
const s = new NetlinkSocket(NetlinkProtocol.ROUTE);
s.on('message', () => { throw new Error('listener failed on purpose'); });
const b = Buffer.alloc(32); b.writeUInt32LE(32, 0); b.writeUInt16LE(18, 4); b.writeUInt16LE(0x301, 6); b.writeUInt32LE(1, 8);
s.send(b);
`;

it('a throwing listener is an uncaught JavaScript exception, not an abort', async () => {
  const r = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['-e', SCRIPT], { timeout: 20_000 }, (_err, _stdout, stderr) =>
      resolve({ code: child.exitCode, signal: child.signalCode, stderr }),
    );
  });
  expect(r.signal).toBeNull();
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('listener failed on purpose');
  expect(r.stderr).not.toContain('terminate called');
});
