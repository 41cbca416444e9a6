/**
 * What a trusted document saves on the partner path: the gateway's parse and validation of
 * each partner operation, against the graph's API schema, next to the lookup that replaces
 * them when the document is known by hash (TrustedDocuments.documentStore()).
 *
 * Apollo Server already keeps validated documents in an LRU keyed by the text's sha256, so a
 * free-form text seen before skips the two steps as well; what trusted documents add is that
 * the partner path never pays them (not on the first request after a start, nor after the
 * LRU evicted the document under other traffic), and that a partner cannot make the gateway
 * parse anything else. This measures what is skipped, per request.
 *
 *   npm run build && node test/dist/bench/trusted-documents.js
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse, specifiedRules, validate } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { PARTNER_MANIFEST, readManifest, SUPERGRAPH_PATH } from '@lianxin/gateway';

const ROUNDS = Number(process.env.ROUNDS ?? 5000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const schema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
  const manifest = readManifest(PARTNER_MANIFEST);
  const prepared = new Map([...manifest].map(([hash, text]) => [hash, parse(text)]));
  console.log(`Partner operations, ${ROUNDS} rounds each, median per request (µs):`);
  console.log('operation               parse  validate  parse+validate  lookup by hash');
  for (const [hash, text] of manifest) {
    const name = text.split(/[ ({]/)[1];
    const p: number[] = [];
    const v: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const doc = parse(text);
      const t1 = performance.now();
      const errors = validate(schema, doc, specifiedRules);
      const t2 = performance.now();
      if (errors.length) throw new Error(`${name}: ${errors[0].message}`);
      const known = prepared.get(hash);
      const t3 = performance.now();
      if (!known) throw new Error('lost');
      p.push(t1 - t0);
      v.push(t2 - t1);
      l.push(t3 - t2);
    }
    const us = (x: number) => (x * 1000).toFixed(1).padStart(8);
    console.log(`${name.padEnd(22)}${us(median(p))}${us(median(v))}${us(median(p) + median(v)).padStart(16)}${us(median(l)).padStart(16)}`);
  }
}

main();
