import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, parse } from 'graphql';
import { ManifestError, PARTNER_MANIFEST, readManifest, sha256, TrustedDocuments } from '../trusted-documents';

const schema = buildSchema('type Query { deskProgrammes: [String!]! me: String }');
const manifest = (...texts: string[]) => new Map(texts.map((t) => [sha256(t), t]));
const DESK = 'query DeskProgrammes { deskProgrammes }';
const ME = 'query Me { me }';

describe('TrustedDocuments', () => {
  test('the committed partner manifest holds the five desk operations, each under the sha256 of its text', () => {
    const sut = readManifest(PARTNER_MANIFEST);
    expect([...sut.values()].map((t) => t.split(/[ ({]/)[1]).sort()).toEqual(['DeskCheckEligibility', 'DeskCheckVoucher', 'DeskProgrammes', 'DeskRedeem', 'DeskRedemptions']);
    for (const [hash, text] of sut) expect(sha256(text)).toBe(hash);
  });

  test('a manifest whose hash does not match its text is refused, naming the entry', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'm.json');
    fs.writeFileSync(file, JSON.stringify({ [sha256(DESK)]: DESK + ' ' }));
    expect(() => readManifest(file)).toThrow(ManifestError);
    expect(() => readManifest(file)).toThrow(`the entry ${sha256(DESK)} is not the sha256 of its text`);
  });

  test('only partner-manifest hashes are for partners; other manifests are known but not theirs', () => {
    const sut = new TrustedDocuments({ partner: [manifest(DESK)], others: [manifest(ME)] });
    expect(sut.forPartners(sha256(DESK))).toBe(true);
    expect(sut.forPartners(sha256(ME))).toBe(false);
    expect(sut.forPartners(undefined)).toBe(false);
    expect(sut.text(sha256(ME))).toBe(ME);
  });

  test('prepared documents come out of the document store already parsed; others go through its LRU', async () => {
    const sut = new TrustedDocuments({ partner: [manifest(DESK)], others: [] });
    sut.prepare(schema, () => undefined);
    const store = sut.documentStore();
    const prepared = await store.get(`schemahash:${sha256(DESK)}`);
    expect(prepared?.kind).toBe('Document');
    // A set for a trusted key changes nothing; a free-form one is cached as usual.
    await store.set(`schemahash:${sha256(DESK)}`, parse('{ me }'));
    expect(await store.get(`schemahash:${sha256(DESK)}`)).toBe(prepared);
    expect(await store.get('schemahash:other')).toBeUndefined();
    const other = parse('{ me }');
    await store.set('schemahash:other', other);
    expect(await store.get('schemahash:other')).toBe(other);
  });

  test('a partner document that does not fit the graph fails the start; a stale console document is dropped with a warning', () => {
    const stale = 'query Gone { gone }';
    expect(() => new TrustedDocuments({ partner: [manifest(stale)], others: [] }).prepare(schema, () => undefined)).toThrow(/in the partner manifest does not fit the graph: Cannot query field "gone"/);
    const warnings: string[] = [];
    const sut = new TrustedDocuments({ partner: [manifest(DESK)], others: [manifest(stale)] });
    sut.prepare(schema, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/no longer fits the graph .* rebuild the console/)]);
    expect(sut.text(sha256(stale))).toBeUndefined();
  });
});
