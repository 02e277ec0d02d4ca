import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { listen, type Listening } from '../platform/http/listen';
import { webAppRouter } from './webApp';

describe('webAppRouter', () => {
  let server: Listening;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-web-'));
  beforeAll(async () => {
    server = await listen(express().use(webAppRouter(dir)), 0);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends people to GraphiQL while the app is not built', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphiql');
  });

  it('serves the built page (never cached) and its bundle; unknown assets are 404', async () => {
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'app', 'app.js'), 'console.log(1)');
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toBe('<div id="root"></div>');
    const js = await fetch(`${server.url}/app/app.js`);
    expect(await js.text()).toBe('console.log(1)');
    expect((await fetch(`${server.url}/app/nope.js`)).status).toBe(404);
  });
});
