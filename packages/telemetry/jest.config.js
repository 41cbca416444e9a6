module.exports = require('@lianxin/jest-config')(__dirname);
