import type { Express } from 'express';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const HEADERS_PLACEHOLDER = '__LIANXIN_HEADERS__';

/**
 * The console keeps its session in this tab's sessionStorage: opened from the console's
 * tab, GraphiQL starts with that token in its headers, so staff and admin explore the
 * graph as themselves. Anything else can paste a token (`npm run token`) into the headers pane.
 */
const HEADERS_FROM_SESSION = `(function () {
  try {
    var s = JSON.parse(sessionStorage.getItem('lianxin.session') || 'null');
    if (s && s.token) return JSON.stringify({ Authorization: 'Bearer ' + s.token }, null, 2);
  } catch (e) {}
  return JSON.stringify({ Authorization: 'Bearer <token from npm run token>' }, null, 2);
})()`;

let page: string | undefined;

/** GraphiQL, every byte of it inline in one page: it works with no internet, unlike Apollo's Sandbox landing page. */
export function graphiqlPage(): string {
  page ??= renderGraphiQL({ title: '连心桥 GraphiQL（开发用）', endpoint: '/graphql', headers: HEADERS_PLACEHOLDER, defaultQuery: '# 连心桥 GraphQL：在下方 Headers 中带上令牌后查询。\n{\n  __typename\n}\n' } as never).replace(
    JSON.stringify(HEADERS_PLACEHOLDER),
    HEADERS_FROM_SESSION,
  );
  return page;
}

/**
 * GET /graphql from a browser opens GraphiQL (development only: config.graphiql is off in
 * production). API clients, which do not ask for HTML, reach Apollo as before.
 */
export function mountGraphiQL(app: Express): void {
  app.get('/graphql', (req, res, next) => {
    if (req.query.query !== undefined || !req.accepts(['application/json', 'text/html']) || req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    res.set('cache-control', 'no-cache');
    res.set('x-content-type-options', 'nosniff');
    res.type('html').send(graphiqlPage());
  });
}
