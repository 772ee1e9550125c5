// The plugin's tests (`npm test` here): the test kit's Jest preset guards the host (a run that leaves a link, a
// test namespace or a private OVS behind fails), ts-jest compiles each test file on its own.
/** @type {import('jest').Config} */
module.exports = {
  preset: '@osvif/testkit',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  testTimeout: 60000,
};
