const base = require('@lianxin/jest-config')(__dirname);

// Unit tests of the pure parts (src/**/*.spec.ts) and the browser flows (e2e/), which
// boot the real graph once per file and drive Chromium through playwright-core.
module.exports = { ...base, testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.spec.ts'], testTimeout: 120_000 };
