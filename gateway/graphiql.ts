/**
 * A local GraphiQL at `/graphiql`: page and assets come from installed packages (graphiql 3
 * and React 18 UMD builds), so it works offline and with no CDN.
 */
import path from 'node:path';
import express from 'express';
import { cspHash, securityHeaders } from '../platform/http/securityHeaders';

const asset = (pkg: string, file: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

const ASSETS: Record<string, string> = {
  'react.js': asset('react', 'umd/react.production.min.js'),
  'react-dom.js': asset('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': asset('graphiql', 'graphiql.min.js'),
  'graphiql.css': asset('graphiql', 'graphiql.min.css'),
};

const DEFAULT_QUERY = `# Welcome to spamgraph. Press ▶ to run; sample users: alice, bob, carol.
query Inbox {
  inbox(userId: "alice", first: 5) {
    edges {
      node { smsId senderId text receivedAt }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const STYLE = 'body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }';

const script = (endpoint: string) => `
    const fetcher = GraphiQL.createFetcher({ url: new URL(${JSON.stringify(endpoint)}, location.href).href });
    const defaultQuery = ${JSON.stringify(DEFAULT_QUERY)};
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery }),
    );
  `;

const page = (inline: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>spamgraph — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <style>${STYLE}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>${inline}</script>
</body>
</html>`;

/** Router serving the page at `/graphiql` and its assets under `/graphiql/assets/`. */
export function graphiqlRouter(endpoint = '/graphql'): express.Router {
  const router = express.Router();
  const inline = script(endpoint);
  const html = page(inline);
  // The page's own inline script and style, by hash: nothing else inline may run.
  const headers = securityHeaders({
    pages: true,
    scriptSrc: [cspHash(inline)],
    styleSrc: [cspHash(STYLE)],
  });
  router.get('/graphiql', headers, (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/graphiql/assets/:file', (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such asset' } });
      return;
    }
    res.sendFile(file, { maxAge: '1d' });
  });
  return router;
}
