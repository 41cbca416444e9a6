#!/usr/bin/env node
// `npm run migrate`: every subgraph's database, one after another, each by its own built
// migrate-cli (services/<name>/dist/migrate-cli.js, listed in the registry of @lianxin/config).
// The root package.json builds first; `npm start` calls this after its own build.
// Flags (--check, --help) pass through to each; the first failure stops the run with its exit status.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { migrateCommand, SUBGRAPHS } = await import('../packages/config/dist/index.js');
const args = process.argv.slice(2);
migrateCommand().read(args);

// Relative DATA_DIR (or the default data/) is where npm was run, as for `npm start`.
const env = { ...process.env, INIT_CWD: process.env.INIT_CWD || process.cwd() };
for (const s of SUBGRAPHS) {
  const r = spawnSync(process.execPath, [path.join(root, s.migrateFile), ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
