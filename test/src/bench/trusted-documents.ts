/**
 * What a trusted document saves on the partner path (issue 12), two ways, both printed by
 * `npm run bench` in its benefits part:
 *
 * - parseAndValidate(): the gateway's parse and validation of each partner operation,
 *   against the graph's API schema, next to the lookup that replaces them when the
 *   document is known by hash (TrustedDocuments.documentStore()). Apollo Server keeps
 *   validated documents in an LRU keyed by the text's sha256, so a free-form text seen
 *   before skips the two steps as well; what trusted documents add is that the partner
 *   path never pays them (not on the first request after a start, nor after the LRU
 *   evicted the document under other traffic), and that a partner cannot make the gateway
 *   parse anything else. This is what is skipped, per request.
 * - measureByHash() (in benefits.ts): the same eligibility checks sent by `documentId`
 *   and as text, interleaved, with the gateway's CPU and the bytes sent per request.
 *
 * Alone: npm run build && node test/dist/bench/trusted-documents.js
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse, specifiedRules, validate } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { PARTNER_MANIFEST, readManifest, SUPERGRAPH_PATH } from '@lianxin/gateway';

export interface ParseValidateRow {
  operation: string;
  parseUs: number;
  validateUs: number;
  lookupUs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median µs per request of parse, validate and the by-hash lookup, for every published partner operation. */
export function parseAndValidate(rounds = 5000): ParseValidateRow[] {
  const schema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
  const manifest = readManifest(PARTNER_MANIFEST);
  const prepared = new Map([...manifest].map(([hash, text]) => [hash, parse(text)]));
  const rows: ParseValidateRow[] = [];
  for (const [hash, text] of manifest) {
    const p: number[] = [];
    const v: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const doc = parse(text);
      const t1 = performance.now();
      const errors = validate(schema, doc, specifiedRules);
      const t2 = performance.now();
      if (errors.length) throw new Error(`${text.slice(0, 40)}: ${errors[0].message}`);
      const known = prepared.get(hash);
      const t3 = performance.now();
      if (!known) throw new Error(`${hash} lost from the prepared documents`);
      p.push(t1 - t0);
      v.push(t2 - t1);
      l.push(t3 - t2);
    }
    const us = (ms: number) => Math.round(ms * 10_000) / 10;
    rows.push({ operation: text.split(/[ ({]/)[1], parseUs: us(median(p)), validateUs: us(median(v)), lookupUs: us(median(l)) });
  }
  return rows;
}

export function formatParseValidate(rows: ParseValidateRow[], rounds: number): string {
  const out = [`  what a known hash skips, per request (gateway, in process, median of ${rounds} rounds, µs):`, '    operation                parse  validate    both  lookup by hash'];
  const n = (x: number, w: number) => x.toFixed(1).padStart(w);
  for (const r of rows) out.push(`    ${r.operation.padEnd(22)}${n(r.parseUs, 8)}${n(r.validateUs, 10)}${n(r.parseUs + r.validateUs, 8)}${n(r.lookupUs, 16)}`);
  return out.join('\n');
}

if (require.main === module) {
  const rounds = Number(process.env.ROUNDS ?? 5000);
  console.log(formatParseValidate(parseAndValidate(rounds), rounds));
}
