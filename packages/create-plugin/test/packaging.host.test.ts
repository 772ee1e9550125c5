// A new plugin author, outside this repository: every public package is packed as it would be published and
// published into a throw-away verdaccio registry (loopback only, storage in a temp dir; @osvif/* is never fetched
// from upstream, everything else is proxied from the registry npm is configured with). Then, in empty temp
// directories, with only that registry:
//   - the tarballs carry LICENSE and NOTICE, resolvable source maps, ranges (no workspace paths), and plugins take
//     the SDK as a peer;
//   - `npm init @osvif/plugin demo`, `npm install`, `npm run build`, `npm test` (its namespace test really plugs),
//     then the packed plugin installed beside the runtime is listed by `osvif plugins` and plugs and unplugs a
//     VIF in a throw-away network namespace through the `osvif` CLI;
//   - a consumer project type-checks against the packed @osvif/sdk and @osvif/runtime with `strict` and
//     `moduleResolution node16`, without adding @types/node itself (the runtime brings @types/node >= 20).
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNetns, disposeAllNetns } from '@osvif/testkit';
import type { TestNetns } from '@osvif/testkit';

const REPO = resolve(__dirname, '../../..');
const PUBLIC = [
  'objects',
  'sdk',
  'ovsdb',
  'netlink-socket',
  'unix-socket',
  'runtime',
  'testkit',
  'plugin-noop',
  'plugin-ovs',
  'plugin-linux-bridge',
  'create-plugin',
];
const PLUGINS = ['plugin-noop', 'plugin-ovs', 'plugin-linux-bridge'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let env: NodeJS.ProcessEnv = process.env;

function run(file: string, args: readonly string[], cwd: string, timeout = 300_000): Promise<Run> {
  return new Promise((done) =>
    execFile(file, [...args], { encoding: 'utf8', timeout, cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** Runs to exit 0 (else throws with the output); returns stdout. */
async function ok(file: string, args: readonly string[], cwd: string, timeout?: number): Promise<string> {
  return (await okRun(file, args, cwd, timeout)).stdout;
}

async function okRun(file: string, args: readonly string[], cwd: string, timeout?: number): Promise<Run> {
  const r = await run(file, args, cwd, timeout);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

afterAll(disposeAllNetns);

describe('a plugin author outside the repository, with the packages from a registry', () => {
  let dir: string;
  let registry: string;
  let verdaccio: ChildProcess | undefined;
  const tarballs = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osvif-packaging-'));
    const upstream = (await ok('npm', ['config', 'get', 'registry'], REPO)).trim();
    // 1. Pack the public packages as `npm publish` would (each one's prepack builds it and adds LICENSE/NOTICE).
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    await ok('npm', ['pack', '--pack-destination', packs, ...PUBLIC.map((p) => `--workspace=packages/${p}`)], REPO);
    for (const f of readdirSync(packs)) tarballs.set(f.replace(/^osvif-(.*)-\d+\.\d+\.\d+\.tgz$/, '$1'), join(packs, f));
    expect([...tarballs.keys()].sort()).toEqual([...PUBLIC].sort());

    // 2. A throw-away registry on loopback.
    const port = await freePort();
    registry = `http://127.0.0.1:${port}/`;
    const config = join(dir, 'verdaccio.yaml');
    writeFileSync(
      config,
      [
        `storage: ${join(dir, 'storage')}`,
        'auth:',
        '  htpasswd:',
        `    file: ${join(dir, 'htpasswd')}`,
        'uplinks:',
        '  upstream:',
        `    url: ${upstream}`,
        '    timeout: 60s',
        'packages:',
        "  '@osvif/*':",
        '    access: $all',
        '    publish: $authenticated',
        "  '**':",
        '    access: $all',
        '    publish: $authenticated',
        '    proxy: upstream',
        `listen: 127.0.0.1:${port}`,
        'log: { type: stdout, format: pretty, level: error }',
        '',
      ].join('\n'),
    );
    verdaccio = spawn(join(REPO, 'node_modules/.bin/verdaccio'), ['--config', config], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      const up = await fetch(`${registry}-/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300) throw new Error('verdaccio did not start in 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const user = await fetch(`${registry}-/user/org.couchdb.user:author`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'author', password: 'throwaway-password' }),
    });
    const { token } = (await user.json()) as { token: string };
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    // Every npm below (and the npm scripts they run) sees only this registry, and a cache of its own: npm exec
    // (npm init) would otherwise reuse a create-plugin of the same version installed by an earlier run.
    env = {
      ...process.env,
      npm_config_userconfig: npmrc,
      npm_config_cache: join(dir, 'npm-cache'),
      npm_config_registry: registry,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    for (const tgz of tarballs.values()) await ok('npm', ['publish', tgz], dir);
  }, 600_000);

  afterAll(async () => {
    verdaccio?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes ready-made tarballs: LICENSE, NOTICE, resolvable source maps, ranges, declared requires only, the SDK as a peer of plugins', async () => {
    for (const [name, tgz] of tarballs) {
      const files = (await ok('tar', ['-tzf', tgz], dir)).split('\n').filter(Boolean);
      expect([name, files]).toEqual([
        name,
        expect.arrayContaining(['package/LICENSE', 'package/NOTICE', 'package/package.json', 'package/README.md']),
      ]);
      const pkg = JSON.parse(await ok('tar', ['-xzOf', tgz, 'package/package.json'], dir)) as Record<string, Record<string, string>>;
      expect(pkg.publishConfig).toEqual({ access: 'public' });
      expect(pkg.repository).toMatchObject({ type: 'git', directory: `packages/${name}` });
      for (const deps of [pkg.dependencies ?? {}, pkg.peerDependencies ?? {}])
        for (const [dep, spec] of Object.entries(deps)) {
          expect([name, dep, spec]).toEqual([name, dep, expect.not.stringMatching(/^(file|link|workspace|git|https?):/)]);
          if (dep.startsWith('@osvif/')) expect([name, dep, spec]).toEqual([name, dep, expect.stringMatching(/^\^\d+\.\d+\.\d+$/)]);
        }
      if (PLUGINS.includes(name)) {
        expect(pkg.peerDependencies).toMatchObject({ '@osvif/sdk': expect.stringMatching(/^\^/) });
        expect(pkg.dependencies?.['@osvif/sdk']).toBeUndefined();
      }
      // dist/ holds only what the build emits (no tool output left beside it).
      for (const f of files.filter((f) => f.startsWith('package/dist/')))
        expect([name, f]).toEqual([name, expect.stringMatching(/\.(js|d\.ts|js\.map|d\.ts\.map|node)$/)]);
      // Nothing workspace-only in the code: every package it requires is a dependency or peer, every relative
      // require stays inside the package.
      const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
      for (const js of files.filter((f) => f.endsWith('.js'))) {
        const code = await ok('tar', ['-xzOf', tgz, js], dir);
        for (const [, spec] of code.matchAll(/require\(["']([^"']+)["']\)/g)) {
          if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
          if (spec.startsWith('.')) {
            expect([js, spec, join(js, '..', spec).startsWith('package/')]).toEqual([js, spec, true]);
            continue;
          }
          const dep = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          expect([name, js, dep, declared.has(dep)]).toEqual([name, js, dep, true]);
        }
      }
      // Every source map names sources the tarball has.
      for (const map of files.filter((f) => f.endsWith('.js.map'))) {
        const { sources } = JSON.parse(await ok('tar', ['-xzOf', tgz, map], dir)) as { sources: string[] };
        for (const s of sources) expect([map, files.includes(join(map, '..', s))]).toEqual([map, true]);
      }
    }
  });

  it('docs/plugin-outside-the-repo.md, as written: npm init @osvif/plugin, install, build, test; beside the runtime it is listed and plugs', async () => {
    const guide = readFileSync(join(REPO, 'docs/plugin-outside-the-repo.md'), 'utf8');
    const shell = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim().split('\n'));
    const files = new Map([...guide.matchAll(/<!-- file: (\S+) -->\n```json\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]));
    // The guide's three command blocks, each line run as written (cd changes the directory of the next ones).
    expect(shell).toHaveLength(3);
    const author = join(dir, 'author');
    mkdirSync(author);
    let cwd = author;
    const runLine = async (line: string): Promise<string> => {
      const [cmd, ...args] = line.split(/\s+/);
      if (cmd === 'cd') {
        cwd = resolve(cwd, args[0]);
        return '';
      }
      if (cmd === 'mkdir') {
        mkdirSync(join(cwd, args[0]));
        return '';
      }
      const r = await okRun(cmd, args, cwd, 600_000);
      return r.stdout + r.stderr;
    };
    for (const line of shell[0]) {
      const out = await runLine(line);
      // Both generated test files ran, nothing skipped: the namespace test really plugged.
      if (line === 'npm test') expect(out).toMatch(/Test Suites: 2 passed, 2 total\s+Tests: +4 passed, 4 total/);
    }
    for (const line of shell[1]) {
      const out = await runLine(line);
      if (line === 'npx osvif plugins') expect(out).toMatch(/\bdemo\b/);
    }
    const host = cwd;
    expect(host).toBe(join(author, 'compute-host'));
    const listed = JSON.parse(await ok('npx', ['osvif', 'plugins', '--json'], host)) as { plugins: Array<{ name: string }> };
    expect(listed.plugins.map((p) => p.name)).toEqual(['demo']);

    // Plug and unplug, as root, in a throw-away namespace (the guide runs them on the host), with temporary
    // lock and state directories.
    for (const [name, text] of files) writeFileSync(join(host, name), text);
    const conf = join(dir, 'osvif.conf');
    writeFileSync(conf, `[osvif]\nlock_path = ${join(dir, 'locks')}\njournal_path = ${join(dir, 'journal')}\n`);
    const ns: TestNetns = await createNetns();
    try {
      for (const line of shell[2]) {
        const [cmd, ...args] = line.split(/\s+/);
        if (cmd === 'ip') {
          const link = await ns.links.get('tapdemo0');
          expect(link).toMatchObject({ kind: 'tun', up: true, mtu: 1450, alias: 'osvif:demo:5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c' });
          continue;
        }
        expect(cmd).toBe('npx');
        await ok('ip', ['netns', 'exec', ns.name, 'npx', args[0], '--config-file', conf, ...args.slice(1)], host);
      }
      expect(await ns.links.exists('tapdemo0')).toBe(false);
    } finally {
      await ns.dispose();
    }
  }, 900_000);

  it('a consumer type-checks against the packed @osvif/sdk and @osvif/runtime (strict, node16), without @types/node of its own', async () => {
    const consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
    const ts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies
      .typescript;
    await ok('npm', ['install', '@osvif/sdk', '@osvif/runtime', `typescript@${ts}`], consumer, 600_000);
    // The consumer added no @types/node; the runtime brings one for the Node versions it supports (its types name node:http).
    expect(JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8')).dependencies['@types/node']).toBeUndefined();
    expect(readdirSync(join(consumer, 'node_modules/@types'))).toEqual(['node']);
    const typesNode = JSON.parse(readFileSync(join(consumer, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string };
    expect(Number(typesNode.version.split('.')[0])).toBeGreaterThanOrEqual(20);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'node16',
          moduleResolution: 'node16',
          target: 'ES2022',
          experimentalDecorators: true,
          noEmit: true,
        },
      }),
    );
    writeFileSync(
      join(consumer, 'index.ts'),
      [
        "import { OsVifRuntime, Config } from '@osvif/runtime';",
        "import { Consumes, LINK_API, inject, Plug, Unplug, VifPlugin, NoSuchLinkError } from '@osvif/sdk';",
        "import type { LinkApi } from '@osvif/sdk';",
        "import { VIFGeneric } from '@osvif/objects';",
        "@VifPlugin({ name: 'consumer' })",
        "@Consumes(VIFGeneric, '1.0')",
        'export class ConsumerPlugin {',
        '  constructor(@inject(LINK_API) private readonly links: LinkApi) {}',
        '  @Plug(VIFGeneric) async plug(vif: VIFGeneric): Promise<void> { await this.links.createTap(vif.vif_name); }',
        '  @Unplug(VIFGeneric) async unplug(vif: VIFGeneric): Promise<void> {',
        '    await this.links.delete(vif.vif_name).catch((e: unknown) => { if (!(e instanceof NoSuchLinkError)) throw e; });',
        '  }',
        '}',
        "export const runtime = new OsVifRuntime({ pluginClasses: [ConsumerPlugin], config: Config.fromText('', 'x.conf') });",
        '',
      ].join('\n'),
    );
    await ok(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], consumer);
  }, 600_000);
});
