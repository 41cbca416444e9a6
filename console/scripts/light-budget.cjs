#!/usr/bin/env node
// The initial JavaScript of the light pages (/desk and /m), gzipped, as a browser on a phone
// or a cashier's tablet downloads it before the page can draw: the entry chunk and every
// chunk it imports statically, each gzipped on its own (each is its own request). Lazy
// chunks (the camera scanner, later screens) do not count. Read from the build's manifest
// (dist/.vite/manifest.json), so run after `vite build`.
//   node scripts/light-budget.cjs            prints the figures; exits 1 over budget
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

/** Kilobytes (1000 bytes), gzipped, each page may load before it draws. */
const BUDGET_KB = 200;
const LIGHT_ENTRIES = ['desk.html', 'm.html'];

function readManifest(dist) {
  const file = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run the console build (vite build) first`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The entry's chunk and its static imports, transitively: file name → gzipped bytes. */
function initialJs(dist, entry, manifest = readManifest(dist)) {
  if (!manifest[entry]) throw new Error(`${entry} is not an entry of the build`);
  const files = new Map();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.set(chunk.file, zlib.gzipSync(fs.readFileSync(path.join(dist, chunk.file))).length);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(entry);
  const bytes = [...files.values()].reduce((a, b) => a + b, 0);
  return { entry, files: Object.fromEntries(files), kb: bytes / 1000 };
}

module.exports = { BUDGET_KB, LIGHT_ENTRIES, initialJs };

if (require.main === module) {
  const dist = path.resolve(__dirname, '..', 'dist');
  const manifest = readManifest(dist);
  let over = false;
  for (const entry of LIGHT_ENTRIES) {
    const r = initialJs(dist, entry, manifest);
    over ||= r.kb > BUDGET_KB;
    console.log(`${entry}: ${r.kb.toFixed(1)} kB gzipped initial JS (budget ${BUDGET_KB} kB) in ${Object.keys(r.files).length} files`);
    for (const [f, b] of Object.entries(r.files)) console.log(`  ${f}  ${(b / 1000).toFixed(1)} kB`);
  }
  process.exit(over ? 1 : 0);
}
