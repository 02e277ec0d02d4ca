/**
 * The built web app (dist/web, from `npm run build`) at `/`: the page, and its bundle under
 * `/app/`. Without a build, `/` sends people to GraphiQL instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { REPO_ROOT } from '../platform/config';

/** Where `npm run build` puts the app. */
export const WEB_DIST = path.join(REPO_ROOT, 'dist', 'web');

export function webAppRouter(dir = WEB_DIST): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use(
    '/app',
    express.static(path.join(dir, 'app'), { index: false, fallthrough: false, maxAge: '1h' }),
  );
  router.get('/', (_req, res) => {
    if (fs.existsSync(index)) res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    else res.redirect('/graphiql');
  });
  return router;
}
