const { decideEngines } = require('./engines');

// Runs once per jest run; suites read the decision synchronously for describe.each.
module.exports = async function globalSetup() {
  process.env.LIANXIN_TEST_ENGINES = (await decideEngines()).join(',');
};
