// Until packages/testing/src/index.ts re-exports './parity' (asked of the lead),
// jest.parity.config.js maps '@osvif/testing' here so suites in other packages
// can import the parity harness by package name already.
export * from '../../src/index';
export * from '../../src/parity';
