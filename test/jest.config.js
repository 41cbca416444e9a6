const base = require('@lianxin/jest-config')(__dirname);

module.exports = {
  ...base,
  globalSetup: '<rootDir>/src/harness/global-setup.ts',
  testTimeout: 120_000,
};
