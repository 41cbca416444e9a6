// One jest preset for every workspace. swc keeps decorator metadata (type-graphql
// needs it to infer GraphQL types), and workspace packages map to their sources so a
// test never runs against a stale dist/.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
// Every subgraph package (services/<name>), so a new subgraph maps to its sources without an entry here.
const services = fs.readdirSync(path.join(root, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

module.exports = (dir) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    // The OTLP exporter loads node:http with import(), which jest's CommonJS runtime refuses
    // (node itself does not): compiled here, it becomes a require.
    '/@opentelemetry/otlp-exporter-base/.+\\.cjs$': [require.resolve('@swc/jest'), { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
  moduleNameMapper: {
    // The outbox's follower alone (the gateway follows feeds without loading TypeORM).
    '^@lianxin/outbox/follower$': path.join(root, 'packages/outbox/src/follower'),
    '^@lianxin/(auth|subgraph|config|demo-kit|graphql-limits|members-client|outbox|telemetry|test-kit)$': path.join(root, 'packages/$1/src'),
    [`^@lianxin/(${services.join('|')})$`]: path.join(root, 'services/$1/src'),
    '^@lianxin/gateway$': path.join(root, 'gateway/src'),
  },
  setupFiles: [require.resolve('reflect-metadata')],
  globalSetup: require.resolve('./global-setup.js'),
  testTimeout: 60_000,
  maxWorkers: 1,
});
