import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { GraphQLError, parse, validate, specifiedRules, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Caller } from '@lianxin/auth';

/**
 * Trusted documents: operations known ahead of time, each named by the sha256 of its text.
 *
 * - The partner manifest (`trusted-documents/partner.json`, committed): the operations a
 *   partner desk or a partner's own system may run. Partner callers may run these and
 *   nothing else.
 * - The console's manifests, written by its codegen (`console/src/gql/`, `console/src/light/gql/`)
 *   when present: the staff console's and the phone view's operations, so they too can be
 *   sent by hash. Staff, admin and members may still send free-form operations.
 *
 * A request names a document by hash in the Apollo form (`extensions.persistedQuery.sha256Hash`)
 * or the GraphQL-over-HTTP form (`documentId`, `sha256:<hex>` or the bare hex), or sends
 * the text itself: text whose hash is in a manifest is that trusted document. Every
 * trusted document is parsed and validated once, at start, so a request for one skips
 * both (the document store below answers it).
 */

export const PARTNER_MANIFEST = path.resolve(__dirname, '..', 'trusted-documents', 'partner.json');
const CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'console', 'src');
export const CONSOLE_MANIFESTS = [path.join(CONSOLE_DIR, 'gql', 'persisted-documents.json'), path.join(CONSOLE_DIR, 'light', 'gql', 'persisted-documents.json')];

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class ManifestError extends Error {}

/** Reads a manifest (`{ "<sha256>": "<document text>" }`, the codegen's format), checking every hash against its text. */
export function readManifest(file: string): Map<string, string> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ManifestError(`${file}: a manifest is an object of sha256 hash -> document text`);
  const out = new Map<string, string>();
  for (const [hash, text] of Object.entries(raw)) {
    if (typeof text !== 'string' || sha256(text) !== hash) throw new ManifestError(`${file}: the entry ${hash} is not the sha256 of its text; regenerate the manifest`);
    out.set(hash, text);
  }
  return out;
}

export class TrustedDocuments {
  /** hash -> text, every manifest. */
  private readonly texts = new Map<string, string>();
  /** hashes a partner may run. */
  private readonly partner = new Set<string>();
  /** hash -> parsed and validated document. */
  private readonly documents = new Map<string, DocumentNode>();

  constructor(manifests: { partner: Map<string, string>[]; others: Map<string, string>[] }) {
    for (const m of manifests.partner) {
      for (const [hash, text] of m) {
        this.texts.set(hash, text);
        this.partner.add(hash);
      }
    }
    for (const m of manifests.others) for (const [hash, text] of m) this.texts.set(hash, text);
  }

  /** The committed partner manifest and any extra partner manifests, the console's generated manifests when built, and any extra files named in config. */
  static load(extraFiles: string[] = [], extraPartnerFiles: string[] = []): TrustedDocuments {
    const others = [...CONSOLE_MANIFESTS.filter((f) => fs.existsSync(f)), ...extraFiles].map(readManifest);
    return new TrustedDocuments({ partner: [PARTNER_MANIFEST, ...extraPartnerFiles].map(readManifest), others });
  }

  get size(): number {
    return this.texts.size;
  }

  text(hash: string): string | undefined {
    return this.texts.get(hash);
  }

  forPartners(hash: string | undefined): boolean {
    return hash !== undefined && this.partner.has(hash);
  }

  /**
   * Parses and validates every document against the graph's API schema. A document that
   * no longer fits the schema fails the start, naming it: better than a desk that breaks
   * on its first scan. Console manifests are a build's leftovers and may be stale: those
   * are dropped with a warning instead.
   */
  prepare(schema: GraphQLSchema, warn: (message: string) => void): void {
    for (const [hash, text] of this.texts) {
      const document = parse(text);
      const errors = validate(schema, document, specifiedRules);
      if (errors.length === 0) this.documents.set(hash, document);
      else if (this.partner.has(hash)) throw new ManifestError(`trusted document ${hash} in the partner manifest does not fit the graph: ${errors[0].message}`);
      else {
        this.texts.delete(hash);
        warn(`trusted document ${hash} no longer fits the graph (${errors[0].message}); rebuild the console`);
      }
    }
  }

  /**
   * Apollo's document store with the trusted documents already in it. Apollo keys it by
   * `<schema hash>:<sha256 of the text>`; the gateway serves one schema, so the part after
   * the last colon names the document.
   */
  documentStore(): KeyValueCache<DocumentNode> {
    const lru = new InMemoryLRUCache<DocumentNode>();
    const documents = this.documents;
    const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
    return {
      async get(key) {
        return documents.get(hashOf(key)) ?? lru.get(key);
      },
      async set(key, value, options) {
        if (!documents.has(hashOf(key))) await lru.set(key, value, options);
      },
      async delete(key) {
        await lru.delete(key);
      },
    };
  }
}

interface GraphQLBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown }; [k: string]: unknown };
  [k: string]: unknown;
}

const HEX = /^[0-9a-f]{64}$/;

const refuse = (status: number, code: string, message: string) => ({ errors: [{ message, extensions: { code } }], status });

/** Where the request's document hash is kept for the context (see documentHashOf). */
const HASH_LOCAL = 'lianxinDocumentHash';

/** The sha256 of the document this request runs, when it came as a JSON POST (undefined otherwise). */
export function documentHashOf(locals: Record<string, unknown>): string | undefined {
  const hash = locals[HASH_LOCAL];
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Turns a request by hash into the trusted text, and notes the hash of whatever text the
 * request runs, before Apollo sees it. Apollo's own automatic persisted queries are off:
 * a client could otherwise register any text under its hash.
 */
export function trustedDocumentsMiddleware(trusted: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const body = req.body as GraphQLBody | undefined;
    if (req.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) return next();
    const persisted = body.extensions?.persistedQuery;
    const named = typeof body.documentId === 'string' ? body.documentId.replace(/^sha256:/, '') : typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
    if (body.documentId !== undefined || persisted !== undefined) {
      if (named === undefined || !HEX.test(named)) {
        const r = refuse(400, 'BAD_REQUEST', 'documentId must be "sha256:" followed by 64 hex digits (or extensions.persistedQuery.sha256Hash the 64 hex digits).');
        res.status(r.status).json({ errors: r.errors });
        return;
      }
      if (typeof body.query === 'string' && body.query !== '') {
        if (sha256(body.query) !== named) {
          const r = refuse(400, 'BAD_REQUEST', 'The query text does not match the hash sent with it. Send the hash alone, or the text alone.');
          res.status(r.status).json({ errors: r.errors });
          return;
        }
      } else {
        const text = trusted.text(named);
        if (text === undefined) {
          // Apollo's persisted-query link sends the text next on this code.
          const r = refuse(400, 'PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this hash. Check it against the manifest (docs/partner-api.md), or send the query text.');
          res.status(r.status).json({ errors: r.errors });
          return;
        }
        body.query = text;
      }
      delete body.documentId;
      if (body.extensions) delete body.extensions.persistedQuery;
    }
    if (typeof body.query === 'string') res.locals[HASH_LOCAL] = named ?? sha256(body.query);
    next();
  };
}

/** Partners run only trusted documents (unless PARTNER_DOCUMENTS=any, for tests). */
export function checkTrustedDocument(caller: Caller, hash: string | undefined, trusted: TrustedDocuments, policy: 'trusted' | 'any'): void {
  if (caller.role !== 'partner' || policy === 'any' || trusted.forPartners(hash)) return;
  throw new GraphQLError(
    'Partner accounts may run only the published partner operations, sent by their hash or as their exact text (see the partner API guide, docs/partner-api.md). This document is not one of them.',
    { extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 403 } } },
  );
}
