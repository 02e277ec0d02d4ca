/**
 * Feast's Python SDK in a virtual environment of the project's (`.cache/feast/venv-<version>`),
 * for the SDK suite and `bench:compare`: `npx spamgraph feast install` creates it once (pip
 * from PyPI, its output as progress); later runs find it by a marker written after a complete
 * install, so an interrupted install is redone rather than half used.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { DependencyMissingError } from '../../platform/errors';

/** The Feast release the SDK suite and the benchmarks run (the one issue 13 names). */
export const FEAST_VERSION = '0.67.0';

/** What pip installs: the SDK with its Cassandra online store (for `bench:compare`). */
export const FEAST_REQUIREMENT = `feast[cassandra]==${FEAST_VERSION}`;

/** The venv's folder. */
export const feastVenvDir = (root = REPO_ROOT): string =>
  path.join(root, '.cache', 'feast', `venv-${FEAST_VERSION}`);

const marker = (dir: string) => path.join(dir, '.spamgraph-installed');

/** Paths of the venv's `python` and `feast` executables. */
export const feastBin = (dir = feastVenvDir()) => ({
  python: path.join(dir, 'bin', 'python'),
  feast: path.join(dir, 'bin', 'feast'),
});

/** The venv's folder when Feast is installed there, else undefined. */
export function installedFeast(dir = feastVenvDir()): string | undefined {
  try {
    return fs.readFileSync(marker(dir), 'utf8').trim() === FEAST_REQUIREMENT ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a command, each output line to `onLine`; rejects naming it on a non-zero exit. */
function run(cmd: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) {
          onLine(line);
          tail = line;
        }
      }
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.on('error', (e) =>
      reject(
        new DependencyMissingError(`cannot run ${cmd}: ${e.message} (is Python 3 installed?)`),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new DependencyMissingError(`${cmd} ${args.join(' ')} failed (exit ${code}): ${tail}`),
          ),
    );
  });
}

/**
 * Installs {@link FEAST_REQUIREMENT} into the venv unless it is there already; its folder.
 *
 * @param onProgress - told what happens (pip's own lines included)
 */
export async function installFeast(
  onProgress: (line: string) => void = () => {},
  dir = feastVenvDir(),
): Promise<string> {
  if (installedFeast(dir)) {
    onProgress(`feast: ${FEAST_VERSION} already installed in ${dir}`);
    return dir;
  }
  const python = process.env.PYTHON ?? 'python3';
  const t0 = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  onProgress(`feast: creating a virtual environment in ${dir}`);
  await run(python, ['-m', 'venv', dir], onProgress);
  onProgress(`feast: pip install ${FEAST_REQUIREMENT} (from PyPI; about half a minute)`);
  await run(
    feastBin(dir).python,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--progress-bar',
      'off',
      FEAST_REQUIREMENT,
    ],
    (line) => {
      // pip's "Collecting …", "Downloading …", "Installing collected packages" lines.
      if (/^(Collecting|Downloading|Installing|Successfully)/.test(line.trim()))
        onProgress(`feast: ${line.trim()}`);
    },
  );
  fs.writeFileSync(marker(dir), FEAST_REQUIREMENT);
  onProgress(`feast: ${FEAST_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
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
