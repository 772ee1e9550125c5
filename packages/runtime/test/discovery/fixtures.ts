// Builds throw-away node_modules trees with plugin packages for discovery tests.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';

export const REPO = resolve(__dirname, '../../../..');

export function writePackage(dir: string, pkg: Record<string, unknown>, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** A plain-JS plugin module (decorators applied by hand) consuming one VIF class. */
export function pluginSource(name: string, vifClass = 'VIFBridge', range = '^1.0'): string {
  return `
const sdk = require('@osvif/sdk');
const objects = require('@osvif/objects');
class P {
  async plug(vif) { (global.__osvifCalls ??= []).push('${name} plug ' + vif.id); }
  async unplug(vif) { (global.__osvifCalls ??= []).push('${name} unplug ' + vif.id); }
}
sdk.Plug(objects.${vifClass})(P.prototype, 'plug');
sdk.Unplug(objects.${vifClass})(P.prototype, 'unplug');
sdk.Consumes(objects.${vifClass}, '${range}')(P);
sdk.VifPlugin({ name: '${name}' })(P);
exports.P = P;
`;
}

export function pluginPackage(dir: string, packageName: string, pluginName: string, extra: Record<string, string> = {}): void {
  writePackage(
    dir,
    { name: packageName, version: '1.2.3', main: 'index.js', osvif: { plugin: './index.js' } },
    { 'index.js': pluginSource(pluginName), ...extra },
  );
}

/** Makes @osvif/sdk and @osvif/objects resolvable from a temporary node_modules (as `npm install` would). */
export function linkSdk(nodeModules: string): void {
  mkdirSync(join(nodeModules, '@osvif'), { recursive: true });
  symlinkSync(join(REPO, 'packages/sdk'), join(nodeModules, '@osvif/sdk'), 'dir');
  symlinkSync(join(REPO, 'packages/objects'), join(nodeModules, '@osvif/objects'), 'dir');
}

/**
 * Does what packages/plugin-noop/README.md tells a plugin author: copy the
 * package, rename package and plugin, build. (Build = TypeScript transpile of
 * the copied source with the repo's decorator settings.)
 */
export function copyNoopAs(nodeModules: string, packageName: string, pluginName: string): string {
  const dir = join(nodeModules, packageName);
  const noop = join(REPO, 'packages/plugin-noop');
  mkdirSync(dir, { recursive: true });
  cpSync(join(noop, 'src'), join(dir, 'src'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(noop, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.name = packageName;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const srcFile = join(dir, 'src/index.ts');
  const source = readFileSync(srcFile, 'utf8').replace("name: 'noop'", `name: '${pluginName}'`);
  if (!source.includes(`name: '${pluginName}'`)) throw new Error("the noop template no longer has name: 'noop'");
  writeFileSync(srcFile, source);
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      esModuleInterop: true,
    },
  });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist/index.js'), out.outputText);
  return dir;
}

/**
 * Installs the BUILT runtime into `nodeModules` as npm would (a copy of package.json, bin and dist; its
 * dependencies linked from the repository), so its discovery scans that tree alone. Returns the bin to run.
 */
export function installRuntimeCopy(nodeModules: string): string {
  const target = join(nodeModules, '@osvif/runtime');
  mkdirSync(target, { recursive: true });
  for (const part of ['package.json', 'bin', 'dist']) cpSync(join(REPO, 'packages/runtime', part), join(target, part), { recursive: true });
  linkSdk(nodeModules);
  symlinkSync(join(REPO, 'packages/netlink-socket'), join(nodeModules, '@osvif/netlink-socket'), 'dir');
  for (const dep of ['commander', 'tsyringe', 'reflect-metadata', 'fs-native-extensions'])
    symlinkSync(join(REPO, 'node_modules', dep), join(nodeModules, dep), 'dir');
  return join(target, 'bin/osvif.js');
}
