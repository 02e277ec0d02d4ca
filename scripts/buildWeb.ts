/**
 * `npm run build:web` (part of `npm run build`): bundles the React app with esbuild into
 * dist/web/ — index.html, app/app.js, app/app.css — which the gateway serves at `/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../platform/config';

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'dist', 'web');
  fs.rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  const result = await build({
    entryPoints: { app: path.join(REPO_ROOT, 'web', 'src', 'main.tsx') },
    outdir: path.join(out, 'app'),
    bundle: true,
    minify: true,
    sourcemap: true,
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(REPO_ROOT, 'web', 'index.html'), path.join(out, 'index.html'));
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, o]) => `${path.basename(file)} ${(o.bytes / 1024).toFixed(0)} KiB`);
  console.log(`web: built dist/web in ${Date.now() - started} ms (${sizes.join(', ')})`);
}

main().catch((e: unknown) => {
  console.error(`web: build failed: ${(e as Error).message}`);
  process.exit(1);
});
