// The host guard (global setup/teardown of the Jest preset): the tests must never touch this machine's own
// interfaces. Record the host namespace's links before the run and fail the run
// if any appeared or vanished, or if a test namespace was left behind.
const { execFileSync } = require('node:child_process');

function hostLinks() {
  const out = execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' });
  return JSON.parse(out)
    .map((l) => l.ifname)
    .sort();
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// Test namespaces are named osvif-test-<pid>-...; one whose creating process
// has exited was leaked (a live one may belong to another run on this machine).
function leakedNamespaces() {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  const names = out ? JSON.parse(out).map((n) => n.name) : [];
  return names.filter((n) => {
    const m = /^osvif-test-(\d+)-/.exec(n);
    return m && !alive(Number(m[1]));
  });
}

// Private OVS daemons run from a temp dir named osvif-ovs-<pid>-*; one still running whose creating process has
// exited was leaked (a live creator may be another run on this machine, e.g. a plugin's tests run by ours).
function leakedOvsDaemons() {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    if (!/osvif-ovs-/.test(l) || !/ovs(db-server|-vswitchd)/.test(l) || /^\s*\d+\s+Z/.test(l)) return false;
    const creator = /osvif-ovs-(\d+)-/.exec(l);
    return !creator || !alive(Number(creator[1]));
  });
}

async function setup() {
  globalThis.__OSVIF_HOST_LINKS__ = hostLinks();
}

async function teardown() {
  const before = globalThis.__OSVIF_HOST_LINKS__ || [];
  const after = hostLinks();
  const added = after.filter((n) => !before.includes(n));
  const removed = before.filter((n) => !after.includes(n));
  // Give exiting workers a moment to run their exit-time cleanup.
  await new Promise((r) => setTimeout(r, 500));
  const leftover = leakedNamespaces();
  const daemons = process.env.CI ? leakedOvsDaemons() : [];
  const problems = [];
  if (added.length) problems.push(`links appeared in the host namespace: ${added.join(', ')}`);
  if (removed.length) problems.push(`links vanished from the host namespace: ${removed.join(', ')}`);
  if (leftover.length) problems.push(`test namespaces left behind: ${leftover.join(', ')}`);
  if (daemons.length) problems.push(`private OVS daemons left running: ${daemons.join(' | ')}`);
  if (problems.length) throw new Error(`host guard: ${problems.join('; ')}`);
}

module.exports = { setup, teardown };
