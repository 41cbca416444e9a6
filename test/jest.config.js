const base = require('@lianxin/jest-config')(__dirname);

// End-to-end suites boot whole graphs; give them room.
module.exports = { ...base, testTimeout: 120_000 };
