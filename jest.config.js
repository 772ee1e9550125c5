// One Jest config for the whole monorepo. Tests import sibling packages from
// source (moduleNameMapper), so no build is needed to run them; the CLI tests
// spawn the built `osvif` and say so.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  testMatch: ['**/test/**/*.test.ts'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/jest/global-setup.js',
  globalTeardown: '<rootDir>/jest/global-teardown.js',
  moduleNameMapper: {
    '^@osvif/(objects|sdk|ovsdb|runtime|testkit|conformance|plugin-noop|plugin-ovs|plugin-linux-bridge)$':
      '<rootDir>/packages/$1/src/index.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false }],
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
