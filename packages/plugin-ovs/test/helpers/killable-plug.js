// A plug that SIGKILLs itself right after its k-th host-changing step (the chaos test's victim): the BUILT
// runtime and ovs plugin, run inside the test namespace (`ip netns exec`), with the runtime's own host
// services wrapped so that every link change, sysctl write and ovs-vsctl run counts as one step (with the
// native driver, each OVSDB write of the plugin's driver instead: it has no command to count).
// argv: CONFIG_FILE VIF_JSON INSTANCE_JSON KILL_AFTER (0: never). Prints "steps N" when the plug ends.
'use strict';
const { readFileSync } = require('node:fs');
const { Config, ExecFileCommandRunner, NetlinkLinkApi, OsVifRuntime, ProcSysctl } = require('@osvif/runtime');
const { OvsPlugin } = require('@osvif/plugin-ovs');

const [configFile, vifFile, instanceFile, killAfterText] = process.argv.slice(2);
const killAfter = Number(killAfterText);
let steps = 0;

/** Wraps the methods that change the host: after the k-th one resolves, the process dies at once. */
function counting(target, methods) {
  for (const name of methods) {
    const original = target[name].bind(target);
    target[name] = async (...args) => {
      const result = await original(...args);
      steps += 1;
      if (steps === killAfter) process.kill(process.pid, 'SIGKILL');
      return result;
    };
  }
  return target;
}

// The native driver's writes: the plugin's driver, wrapped once when the plugin first creates it.
const createDriver = OvsPlugin.prototype.ovs;
OvsPlugin.prototype.ovs = function ovs() {
  const driver = createDriver.call(this);
  if (driver.kind === 'native' && !driver.counted) {
    counting(driver, ['ensureBridge', 'addOrUpdatePort', 'deletePort', 'deleteBridge', 'createPatchPortPair', 'destroyQos']);
    driver.counted = true;
  }
  return driver;
};

async function main() {
  const linkApi = counting(new NetlinkLinkApi(), ['createBridge', 'createVeth', 'createTap', 'delete', 'deleteIfExists', 'set']);
  const sysctl = counting(new ProcSysctl(), ['write']);
  const commandRunner = counting(new ExecFileCommandRunner(), ['run']);
  const runtime = new OsVifRuntime({
    config: new Config({ files: [configFile] }),
    pluginClasses: [OvsPlugin],
    services: { linkApi, sysctl, commandRunner },
  });
  await runtime.initialize();
  await runtime.plug(JSON.parse(readFileSync(vifFile, 'utf8')), JSON.parse(readFileSync(instanceFile, 'utf8')));
  await runtime.close();
  process.stdout.write(`steps ${steps}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
