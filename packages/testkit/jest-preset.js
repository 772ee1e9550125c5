// Jest preset of @osvif/testkit: `preset: '@osvif/testkit'` in a plugin package's Jest config. It installs the
// host guard (jest/host-guard.js): the host namespace's links are recorded before the run, and the run fails if
// any appeared or vanished, or if a test namespace (or, under CI, a private OVS daemon) was left behind.
// Transform (ts-jest or another) and test paths stay the package's own choice.
const { join } = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  globalSetup: join(__dirname, 'jest', 'global-setup.js'),
  globalTeardown: join(__dirname, 'jest', 'global-teardown.js'),
};
