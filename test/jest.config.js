const base = require('@lianxin/jest-config')(__dirname);

// End-to-end suites boot whole graphs; give them room. The global setup prints the engines line of `npm test`.
module.exports = { ...base, testTimeout: 120_000, globalSetup: require.resolve('./jest.global-setup.js') };
