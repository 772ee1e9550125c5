// A process of its own inside a test namespace (`ip netns exec`), using the BUILT runtime's NetlinkLinkApi:
// the group-delete and worker tests need a process they can kill, count signals of, or time apart from Jest.
// argv: MODE JSON. Prints one JSON line with what it did.
//   delete {names, thread?}       deleteIfExists of every name at once; prints results and group-delete stats
//   split {names}                 the default transport: where lookups go during and after a group delete
//   mark {names, group}           puts the links in `group` (as a batch does before its group delete), prints
//                                 "marked", then waits to be killed: the state a crash between the two would leave
//   lag {names, thread?}          like delete, sampling event-loop delay meanwhile (monitorEventLoopDelay); also
//                                 prints the sizes published on osvif:netlink:batch in this (the main) thread
//   exit-in-flight {names, how}   deletes in flight, then process.exit(0) / api.close() / throw / nothing, 5 ms later
//   runtime-close {names}         deletes in flight through the runtime container's LinkApi, then its close()
'use strict';
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { setInterval } = require('node:timers');
const { subscribe } = require('node:diagnostics_channel');
const { NetlinkLinkApi } = require('../../dist/index.js');

const [mode, json] = process.argv.slice(2);
const args = JSON.parse(json);
const out = (v) => process.stdout.write(`${JSON.stringify(v)}\n`);

async function main() {
  const api = new NetlinkLinkApi(args.thread ? { thread: args.thread } : {});
  if (mode === 'delete' || mode === 'lag') {
    const batches = [];
    subscribe('osvif:netlink:batch', (m) => batches.push(m.messages));
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    const results = await Promise.all(args.names.map((n) => api.deleteIfExists(n)));
    const ms = performance.now() - t0;
    h.disable();
    out({ results, ms, maxLagMs: h.max / 1e6, stats: api.deleter.stats, batches });
    api.close();
  } else if (mode === 'split') {
    // Which thread sent what: lookups while the group delete is outstanding on the worker, and after it.
    const counts = () => ({ ...api.socket.counts });
    const before = counts();
    const deleting = Promise.all(args.names.map((n) => api.deleteIfExists(n)));
    await new Promise((r) => setTimeout(r, 50)); // the group delete is with the kernel now
    const during = await Promise.all([1, 2, 3].map(() => api.exists('lo')));
    const afterDuring = counts();
    await deleting;
    const idle = counts();
    await api.exists('lo');
    out({ before, afterDuring, idle, after: counts(), during });
    api.close();
  } else if (mode === 'mark') {
    const { RtnlSocket } = require('../../dist/host/netlink/socket.js');
    const R = require('../../dist/host/netlink/requests.js');
    const { parseLinkMessage } = require('../../dist/host/netlink/link-message.js');
    const socket = new RtnlSocket();
    for (const name of args.names) {
      const [reply] = await socket.request(R.getLinkByNameRequest(name));
      await socket.request(R.setGroupRequest(parseLinkMessage(reply).index, args.group));
    }
    out('marked');
    setInterval(() => undefined, 1000); // killed here
  } else if (mode === 'runtime-close') {
    // The runtime's LinkApi as its root container makes it (on first use), closed with requests in flight by
    // the container's close(), which is what OsVifRuntime.close() ends with.
    require('reflect-metadata');
    const { createRootContainer } = require('../../dist/core/container.js');
    const { StreamLogger } = require('../../dist/index.js');
    const { LINK_API } = require('@osvif/sdk');
    const root = createRootContainer(new StreamLogger({ level: 'error' }));
    const links = root.container.resolve(LINK_API);
    const pending = Promise.all(args.names.map((n) => links.deleteIfExists(n).catch((e) => e.errno)));
    setTimeout(() => void root.close().then(() => out('closed')), 5);
    await pending;
  } else if (mode === 'exit-in-flight') {
    const pending = Promise.all(args.names.map((n) => api.deleteIfExists(n).catch((e) => e.errno)));
    setTimeout(() => {
      if (args.how === 'exit') process.exit(0);
      if (args.how === 'close') api.close();
      if (args.how === 'throw') throw new Error('thrown on purpose');
    }, 5);
    await pending;
    out('settled');
  }
}
main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(2);
});
