#!/usr/bin/env node
// `npx spamgraph …`: runs the TypeScript sources through tsx in a checkout (always current),
// or the compiled dist/ when tsx is not installed (a production install).
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
let main;
try {
  require.resolve('tsx/cjs/api');
  require('tsx/cjs/api').register();
  main = path.join(root, 'scripts/cli/main.ts');
} catch {
  main = path.join(root, 'dist/scripts/cli/main.js');
  if (!fs.existsSync(main)) {
    process.stderr.write('spamgraph: not built: run `npm run build` first\n');
    process.exit(1);
  }
}
// `npx spamgraph fs explore | head`: a reader that stops early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
require(main)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
