/**
 * The partner manifest (gateway/trusted-documents/partner.json): the desk's operations, as
 * the codegen hashed them (src/light/gql/persisted-documents.json). A partner may run these
 * and nothing else, so the gateway's copy is committed and reviewed; this script writes it
 * after a change to src/desk/operations.ts (`npm run partner-manifest -w @lianxin/console`),
 * and `--check` (the console's tests) fails when the two differ.
 */
const fs = require('node:fs');
const path = require('node:path');

const GENERATED = path.resolve(__dirname, '..', 'src', 'light', 'gql', 'persisted-documents.json');
const MANIFEST = path.resolve(__dirname, '..', '..', 'gateway', 'trusted-documents', 'partner.json');
const DESK = /^(query|mutation) Desk\w*\b/;

function partnerDocuments() {
  const all = JSON.parse(fs.readFileSync(GENERATED, 'utf8'));
  const desk = Object.entries(all).filter(([, text]) => DESK.test(text));
  desk.sort(([, a], [, b]) => a.match(DESK)[0].split(' ')[1].localeCompare(b.match(DESK)[0].split(' ')[1]));
  return JSON.stringify(Object.fromEntries(desk), null, 2) + '\n';
}

module.exports = { GENERATED, MANIFEST, partnerDocuments };

if (require.main === module) {
  const want = partnerDocuments();
  if (process.argv.includes('--check')) {
    const have = fs.existsSync(MANIFEST) ? fs.readFileSync(MANIFEST, 'utf8') : '';
    if (have !== want) {
      console.error(`${path.relative(process.cwd(), MANIFEST)} is not the desk's operations; run: npm run partner-manifest -w @lianxin/console`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(MANIFEST, want);
    console.log(`wrote ${MANIFEST}`);
  }
}
