/**
 * Feast's Python SDK for tests: `describeWithFeast` runs a block when the SDK is installed
 * (`npx spamgraph feast install`); under CI=true or REQUIRE_FEAST=1 a missing SDK fails the run,
 * elsewhere the block is skipped with a note, like the Cassandra and browser suites.
 */
import { spawn } from 'node:child_process';
import { parseJsonExact } from '../../platform/json/exactJson';
import { FEAST_VERSION, feastBin, installedFeast } from './python';

const required = () => process.env.CI === 'true' || process.env.REQUIRE_FEAST === '1';

/** `describe`, or `describe.skip` with a note when the SDK is not installed (never under CI). */
export function describeWithFeast(title: string, body: () => void): void {
  const found = installedFeast();
  if (!found && required()) {
    throw new Error(
      `Feast ${FEAST_VERSION}'s SDK is required (CI=true or REQUIRE_FEAST=1) but not installed: npx spamgraph feast install`,
    );
  }
  if (!found) {
    process.stdout.write(
      `\nNote: no Feast SDK; "${title}" is skipped (npx spamgraph feast install).\n`,
    );
  }
  (found ? describe : describe.skip)(title, body);
}

/** What a finished Python process wrote. */
export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the venv's `python` (or `feast` with `bin: 'feast'`) in `cwd` with `env` added. */
export function runFeastPython(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; bin?: 'python' | 'feast' },
): Promise<PythonRun> {
  const exe = feastBin()[opts.bin ?? 'python'];
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      cwd: opts.cwd,
      // No usage telemetry: Feast's usage thread waits on the network this machine lacks.
      env: { ...process.env, FEAST_USAGE: 'False', PYTHONUNBUFFERED: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One step of `sdk_checks.py`'s report: what the SDK call gave, or what it raised. */
export type SdkStep =
  | { ok: unknown; error?: undefined }
  | { ok?: undefined; error: { module: string; class: string; message: string }; trace: string };

/** The JSON report on the last line of `run`'s stdout (int64 beyond 2^53 as bigints). */
export function sdkReport(run: PythonRun): Record<string, SdkStep> {
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !last.startsWith('{')) {
    throw new Error(`sdk_checks.py failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  }
  return parseJsonExact(last) as Record<string, SdkStep>;
}
