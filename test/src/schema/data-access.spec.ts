import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SUBGRAPH_NAMES } from '@lianxin/config';

/**
 * Fail closed by construction: services reach tables through `ctx.db` (a ScopedData: every
 * read carries the caller's scope), a transaction's manager (`em`, writers), or the one
 * named way out, `unscoped(ctx, reason)`. This test walks the services' source and fails on
 * a raw data-access call anywhere else, so a forgotten scope cannot read a whole table.
 */

/** The methods that touch tables without a scope when called on a DataSource, manager or repository. */
const RAW = new Set(['getRepository', 'find', 'findOne', 'findBy', 'findOneBy', 'findAndCount', 'count', 'countBy', 'exists', 'exist', 'query', 'createQueryBuilder', 'update', 'delete', 'insert', 'save', 'remove', 'increment', 'decrement']);

/** Receivers raw calls are allowed on: a transaction's manager, and what unscoped() handed out. */
const ALLOWED_RECEIVER = /^(em|tx|manager)$/;

export interface RawCall {
  file: string;
  line: number;
  text: string;
}

/** Whether `node` sits in an `unscoped(...)` chain: `unscoped(ctx, 'why').getRepository(X).find(...)`. */
function fromUnscoped(node: ts.Expression): boolean {
  let e: ts.Expression = node;
  for (;;) {
    if (ts.isCallExpression(e)) {
      if (ts.isIdentifier(e.expression) && e.expression.text === 'unscoped') return true;
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else if (ts.isIdentifier(e)) return false;
    else return false;
  }
}

/** The root identifier of a receiver chain: `em` in `em.getRepository(X)`. */
function rootOf(node: ts.Expression): string | undefined {
  let e: ts.Expression = node;
  for (;;) {
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return undefined;
  }
}

/**
 * Names in this file that hold a vetted way to the tables: a parameter typed DataSource or
 * EntityManager (a system job's source, or a writer's transaction: a request context has
 * neither, since ctx.db is not a DataSource, so one can only come from unscoped() or from
 * main), and a variable that holds what unscoped() returned.
 */
function vettedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.type && /^(DataSource|EntityManager)$/.test(node.type.getText(sf))) names.add(node.name.text);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && fromUnscoped(node.initializer)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/**
 * Raw calls in one file: a method in RAW called on a data source, a manager or a
 * repository that did not come from a transaction, a system job's parameter or
 * unscoped(). Query builders made by ctx.db.read() are scoped and pass (their chain starts
 * with `read`, which is not raw), and so do ctx.db.update() and ctx.db.delete(), which
 * change only rows in scope.
 */
export function rawCallsIn(file: string, source: string): RawCall[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const vetted = vettedNames(sf);
  const out: RawCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && RAW.has(node.expression.name.text)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression;
      const text = receiver.getText(sf);
      // Only calls on a data handle: ctx.db…, a repository or a data source. A query builder
      // (qb.update()) or an array (.find(cb)) is not a table access by itself.
      const onData = /(^|\.)db\b|getRepository\(|DataSource|dataSource|\bds\b|\bsource\b/.test(text) || method === 'getRepository' || vetted.has(rootOf(receiver) ?? '');
      const isArrayFind = method === 'find' && node.arguments.length === 1 && (ts.isArrowFunction(node.arguments[0]) || ts.isFunctionExpression(node.arguments[0]));
      // `ctx.db.getRepository(X).find()` is one access: counted at getRepository, not twice.
      const chained = ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && RAW.has(receiver.expression.name.text);
      const guarded = text === 'ctx.db' && (method === 'update' || method === 'delete');
      const root = rootOf(receiver) ?? '';
      if (onData && !chained && !isArrayFind && !guarded && !fromUnscoped(receiver) && !ALLOWED_RECEIVER.test(root) && !vetted.has(root)) {
        out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).split('\n')[0].slice(0, 120) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== 'migrations' && entry.name !== 'seed') out.push(...sourceFiles(p));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('-cli.ts')) out.push(p);
  }
  return out;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every raw call in the services' request paths (migrations, seeders and CLIs are system tools, not request paths). */
export function rawCallsInServices(): RawCall[] {
  return SUBGRAPH_NAMES.flatMap((s) =>
    sourceFiles(path.join(ROOT, 'services', s, 'src'))
      // Loaders build the scoped queries; they are the other vetted place.
      .filter((f) => !f.endsWith('.loader.ts'))
      .flatMap((f) => rawCallsIn(path.relative(ROOT, f), fs.readFileSync(f, 'utf8'))),
  );
}

describe('data access fails closed by construction', () => {
  test('the scanner finds raw calls and lets the vetted ones pass', () => {
    const source = [
      "const a = await ctx.db.getRepository(MemberRow).find({ where: { id } });",
      "const b = await ctx.db.query('SELECT 1');",
      "const c = await unscoped(ctx, 'org directory for the gateway').getRepository(OrgRow).findOne({ where: { id } });",
      "const d = await ctx.db.read(MemberRow, 'm', MEMBER_SCOPE).getMany();",
      'await ctx.db.transaction(async (em) => { await em.getRepository(MemberRow).update({ id }, { name }); });',
      'const e = rows.find((r) => r.id === id);',
      'const f = await dataSource.getRepository(CaseRow).count();',
      "const data = unscoped(ctx, 'system lookup'); const g = await data.getRepository(OrgRow).find();",
      'export async function sweep(db: DataSource) { return db.getRepository(CaseRow).find(); }',
      "await ctx.db.update(PartnerRow, 'pa', PARTNER_SCOPE, [id], { active });",
      "await ctx.db.query('DELETE FROM member');",
    ].join('\n');
    expect(rawCallsIn('x.ts', source).map((c) => c.line)).toEqual([1, 2, 7, 11]);
  });

  test('no service reads or writes a table outside ctx.db, a transaction, a loader or unscoped(ctx, reason)', () => {
    const found = rawCallsInServices();
    if (process.env.REPORT_RAW_CALLS) console.log(`${found.length} raw data-access calls`, found);
    expect(found).toEqual([]);
  });
});
