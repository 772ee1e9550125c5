// One Jest config for the whole monorepo, in two projects:
//   unit  tests that need no root: no namespaces, no OVS, no Python, no spawned built binaries (*.test.ts);
//   host  the rest (*.host.test.ts), under the test kit's Jest preset, whose host guard fails the run if the
//         host's own links changed or a test namespace / private OVS was left behind.
// `npx jest --selectProjects unit` runs anywhere; `npm test` runs unit, then host (scripts/test.sh).
// Tests import sibling packages from source (moduleNameMapper), so no build is needed to run them, except
// host tests that spawn built code (the osvif CLI, the netns agent), which `npm test` builds first.
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  setupFiles: ['reflect-metadata'],
  moduleNameMapper: {
    '^@osvif/(objects|sdk|ovsdb|netlink-socket|unix-socket|runtime|testkit|conformance|plugin-noop|plugin-ovs|plugin-linux-bridge)$':
      '<rootDir>/packages/$1/src/index.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/test/**/*.test.ts'],
      // template/: the tests of the package create-plugin writes (placeholders until generated).
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/template/', '\\.host\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'host',
      // The public test kit's preset (packages/testkit/jest-preset.js), as a plugin package uses it.
      preset: '@osvif/testkit',
      testMatch: ['**/test/**/*.host.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/template/'],
    },
  ],
};
