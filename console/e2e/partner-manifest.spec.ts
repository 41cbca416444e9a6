/**
 * The gateway lets a partner run only the documents in its committed partner manifest; the
 * desk sends its operations by the hashes the codegen gave them. If the two drift apart,
 * every desk scan is refused, so the build that `npm test` has just made is checked here.
 */
import fs from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GENERATED, MANIFEST, partnerDocuments } = require('../scripts/partner-manifest.cjs') as { GENERATED: string; MANIFEST: string; partnerDocuments: () => string };

describe('the partner manifest', () => {
  test("is exactly the desk's operations as the codegen hashed them (npm run partner-manifest -w @lianxin/console to update)", () => {
    expect(fs.readFileSync(MANIFEST, 'utf8')).toBe(partnerDocuments());
  });

  test('holds the partner operations and no member or staff operation', () => {
    const names = Object.values(JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>).map((t) => t.split(/[ ({]/)[1]);
    expect(names).toEqual(['DeskCheckEligibility', 'DeskCheckVoucher', 'DeskProgrammes', 'DeskRedeem', 'DeskRedemptions']);
    const generated = JSON.parse(fs.readFileSync(GENERATED, 'utf8')) as Record<string, string>;
    expect(Object.keys(generated).length).toBeGreaterThan(names.length); // the phone view's are in the light manifest, not the partner's
  });
});
