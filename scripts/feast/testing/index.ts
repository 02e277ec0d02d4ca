/**
 * Feast's Python SDK for tests: `describeWithFeast` runs a block when the SDK is installed
 * (`npx spamgraph feast install`); under CI=true or REQUIRE_FEAST=1 a missing SDK fails the run,
 * elsewhere the block is skipped with a note, like the Cassandra and browser suites.
 */
import { parseJsonExact } from '../../../platform/json/exactJson';
import { FEAST_VERSION, installedFeast, type PythonRun } from '../python';

export { runFeastPython } from '../python';

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
