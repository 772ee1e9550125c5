// Root Jest config, except that '@osvif/testing' also exports the parity
// harness (see testing-with-parity.ts). Use:
//   npx jest -c packages/testing/test/parity/jest.parity.config.js packages/plugin-ovs/test/parity
// Once the lead adds `export * from './parity'` to packages/testing/src/index.ts
// this file is no longer needed (the plain `npx jest ...` works).
const path = require('node:path');
const root = require('../../../../jest.config.js');

module.exports = {
  ...root,
  rootDir: path.resolve(__dirname, '../../../..'),
  moduleNameMapper: {
    '^@osvif/testing$': '<rootDir>/packages/testing/test/parity/testing-with-parity.ts',
    ...root.moduleNameMapper,
  },
};
