/** The header every benchmark prints: which machine, which commit, when. */
import { execSync } from 'node:child_process';
import os from 'node:os';

/** One line describing the machine and the code measured. */
export function machineLine(): string {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    if (dirty) commit += '+dirty';
  } catch {
    // not a git checkout
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown cpu';
  const mem = Math.round(os.totalmem() / 2 ** 30);
  return `machine: ${cpu}, ${os.cpus().length} cores, ${mem} GiB, ${os.platform()} ${os.release()}, node ${process.version} · commit ${commit} · ${new Date().toISOString()}`;
}

/** Formats rows as an aligned text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}
