import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Caller } from '@lianxin/auth';
import Busboy from 'busboy';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { SubgraphContext } from './context';
import { DomainError, ErrorCode } from './errors';

/**
 * File transfer beside /graphql: uploads as multipart (busboy, with a size limit) and downloads
 * by a short-lived link signed with HMAC, bound to the caller who asked for it. Spreadsheets never
 * travel as base64 inside GraphQL: a 35,000-row ledger would be one 5 MB string in one response.
 * The gateway forwards /files/<service>/… to the subgraph's /files/… with the caller's internal
 * token, so a link is only good together with the token of the caller it was made for.
 */

/** A file a download link may serve: the service says where it lies and what to call it. */
export interface FileToSend {
  path: string;
  /** The name the browser saves it under (Chinese is fine: sent as RFC 5987 filename*). */
  name: string;
  contentType: string;
}

/** An uploaded file, on disk in the service's file store. */
export interface ReceivedFile {
  path: string;
  /** The name the uploader's file had, as sent. */
  name: string;
  bytes: number;
}

export interface UploadHandler {
  maxBytes: number;
  handle(file: ReceivedFile, ctx: SubgraphContext): Promise<object>;
}

export interface FileRoutes {
  /** Where this service keeps files it made or received (FILES_DIR, default `<DATA_DIR>/files`). */
  dir: string;
  /** POST /files/upload/<kind>, multipart with one file field. */
  uploads?: Record<string, UploadHandler>;
  /** GET /files/download/<link>: by the kind in the link's ref (`<kind>-<id>`), the file or null (gone, or not the caller's). */
  downloads?: Record<string, (id: string, ctx: SubgraphContext) => Promise<FileToSend | null>>;
}

/** A file refused before it was understood: a stable code and a message saying what to do. */
export class FileRefused extends DomainError {
  constructor(code: string, message: string, readonly status = 400) {
    super(code, message);
  }
}

/* ---------- signed links ---------- */

let linkKey: Buffer | undefined;

/** Derives the link key from the internal secret every replica shares, so any replica verifies any replica's link. */
export function configureFileLinks(secret: string): void {
  linkKey = createHmac('sha256', secret).update('lianxin file links v1').digest();
}

/** Downloads are meant to start at once; five minutes covers a slow click, not a forwarded link. */
export const FILE_LINK_TTL_MS = 5 * 60_000;

const callerKey = (c: Pick<Caller, 'role' | 'sub'>): string => `${c.role}:${c.sub}`;
const REF = /^[a-z]+-[0-9A-HJKMNP-TV-Z]{26}$/;

function signature(service: string, ref: string, expires: number, caller: Pick<Caller, 'role' | 'sub'>): string {
  if (!linkKey) throw new Error('file links were not configured (serveSubgraph configures them)');
  return createHmac('sha256', linkKey).update(`${service}\n${ref}\n${expires}\n${callerKey(caller)}`).digest('base64url');
}

export interface FileLink {
  /** Relative to the gateway: GET it with the same Authorization the link was asked with. */
  url: string;
  expiresAt: Date;
}

/** A link to `<kind>-<id>` of `service`, good for FILE_LINK_TTL_MS and only for `caller`. */
export function signFileLink(caller: Pick<Caller, 'role' | 'sub'>, service: string, kind: string, id: string, now = Date.now()): FileLink {
  const ref = `${kind}-${id}`;
  const expires = Math.floor((now + FILE_LINK_TTL_MS) / 1000);
  return { url: `/files/${service}/download/${ref}.${expires}.${signature(service, ref, expires, caller)}`, expiresAt: new Date(expires * 1000) };
}

/** The ref a link names when it is whole, unexpired and made for this caller; otherwise null. */
export function verifyFileLink(link: string, caller: Pick<Caller, 'role' | 'sub'>, service: string, now = Date.now()): { kind: string; id: string } | null {
  const [ref, exp, sig, ...rest] = link.split('.');
  if (rest.length || !ref || !exp || !sig || !REF.test(ref) || !/^\d{1,12}$/.test(exp)) return null;
  const expires = Number(exp);
  if (expires * 1000 < now) return null;
  const want = Buffer.from(signature(service, ref, expires, caller));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  const dash = ref.indexOf('-');
  return { kind: ref.slice(0, dash), id: ref.slice(dash + 1) };
}

/* ---------- the routes ---------- */

const refuse = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** The whole upload lands in a file of the store first; over `maxBytes` the request is refused and nothing is kept. */
export function receiveUpload(req: Request, dir: string, maxBytes: number): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10 } });
    } catch {
      reject(new FileRefused('FILE_MISSING', 'Send the file as multipart/form-data with one file field.'));
      return;
    }
    let got: Promise<ReceivedFile> | undefined;
    bb.on('file', (_field, stream, info) => {
      const target = path.join(dir, `upload-${randomBytes(12).toString('hex')}`);
      let tooLarge = false;
      stream.on('limit', () => {
        tooLarge = true;
      });
      got = pipeline(stream, fs.createWriteStream(target)).then(() => {
        if (tooLarge) {
          fs.rmSync(target, { force: true });
          throw new FileRefused('FILE_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1_048_576)} MB. Split the roster into smaller files.`, 413);
        }
        return { path: target, name: info.filename || 'upload', bytes: fs.statSync(target).size };
      });
    });
    bb.on('error', () => reject(new FileRefused('FILE_MISSING', 'The upload was cut off or is not valid multipart/form-data; send it again.')));
    bb.on('close', () => {
      if (!got) reject(new FileRefused('FILE_MISSING', 'The request holds no file: send the roster in a file field.'));
      else got.then(resolve, reject);
    });
    req.pipe(bb);
  });
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The /files router of a subgraph, mounted by serveSubgraph behind the internal-token gate.
 * `contextOf` builds the same request context /graphql gets, so handlers read through the scope.
 */
export function fileRouter(routes: FileRoutes, service: string, contextOf: (req: Request, res: Response) => SubgraphContext, log: Logger): Router {
  fs.mkdirSync(routes.dir, { recursive: true });
  const router = express.Router();
  const fail = (res: Response, err: unknown) => {
    if (err instanceof FileRefused) return refuse(res, err.status, err.code, err.message);
    if (err instanceof DomainError) return refuse(res, err.code === ErrorCode.FORBIDDEN ? 403 : err.code === ErrorCode.NOT_FOUND ? 404 : 400, err.code, err.message);
    log.error({ err }, 'file route failed');
    return refuse(res, 500, ErrorCode.INTERNAL, 'Something went wrong on our side. It has been logged; retry later.');
  };
  router.post('/upload/:kind', async (req, res) => {
    const handler = routes.uploads?.[req.params.kind];
    if (!handler) return refuse(res, 404, ErrorCode.NOT_FOUND, `This service takes no upload of kind ${JSON.stringify(req.params.kind.slice(0, 40))}.`);
    let file: ReceivedFile | undefined;
    try {
      file = await receiveUpload(req, routes.dir, handler.maxBytes);
      res.json(await handler.handle(file, contextOf(req, res)));
    } catch (err) {
      // Drain what is left of a refused body so the client reads our answer instead of a reset.
      req.resume();
      fail(res, err);
    } finally {
      // A handler keeps what it needs by moving the file; whatever is left here was refused.
      if (file) fs.rmSync(file.path, { force: true });
    }
  });
  router.get('/download/:link', async (req, res) => {
    const ctx = contextOf(req, res);
    const ref = verifyFileLink(req.params.link, ctx.caller, service);
    const gone = () => refuse(res, 404, 'LINK_EXPIRED', 'This download link has expired or was made for someone else. Start the download again from the page.');
    if (!ref) return gone();
    try {
      const file = await routes.downloads?.[ref.kind]?.(ref.id, ctx);
      if (!file || !fs.existsSync(file.path)) return gone();
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', contentDisposition(file.name));
      res.setHeader('cache-control', 'no-store');
      await pipeline(fs.createReadStream(file.path), res);
    } catch (err) {
      if (!res.headersSent) fail(res, err);
      else res.destroy();
    }
  });
  return router;
}

/** Files are kept a day: long enough to download an export again or to commit a checked roster the next morning. */
export const FILE_KEEP_MS = 24 * 3_600_000;

/** Deletes the store's files older than `keepMs`; returns how many. Every replica may run it: deleting twice is harmless. */
export async function sweepFileStore(dir: string, keepMs = FILE_KEEP_MS, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > keepMs) {
      await fs.promises.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** The file store of the service a context belongs to (serveSubgraph puts it on `services.files`). */
export function fileStore(ctx: Pick<SubgraphContext, 'services'>): string {
  const dir = (ctx.services?.files as { dir?: string } | undefined)?.dir;
  if (!dir) throw new Error('This subgraph was started without a file store (FileRoutes.dir)');
  return dir;
}
