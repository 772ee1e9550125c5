// Entry point of the host agent: `node main.js`, started inside the target
// network namespace (`ip netns exec NS node main.js`) or as a privileged helper.
// It serves LinkApi and Sysctl of ITS namespace over stdin/stdout (see protocol.ts).
import { NetlinkLinkApi, ProcSysctl } from '@osvif/runtime';
import { serveAgent } from './server';

const links = new NetlinkLinkApi();
serveAgent(process.stdin, process.stdout, { links, sysctl: new ProcSysctl() })
  .then(() => {
    links.close();
    process.exitCode = 0;
  })
  .catch((e: unknown) => {
    process.stderr.write(`osvif agent failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
