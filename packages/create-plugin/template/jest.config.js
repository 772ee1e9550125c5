// `npm test`: the osvif test kit's Jest preset fails the run if a test changed the host's links or left a test
// namespace behind; ts-jest compiles each test file on its own (tsconfig.test.json).
/** @type {import('jest').Config} */
module.exports = {
  preset: '@osvif/testkit',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  testTimeout: 60000,
};
