/**
 * Human progress output for slow steps (Cassandra download, feature computation,
 * materialization), each line prefixed with its subject (`cassandra:`, `fs:`…).
 *
 * @remarks
 * Three modes: a caller-supplied `onProgress` gets plain lines; otherwise an interactive
 * stderr gets a cli-progress bar for counted work; otherwise (CI logs) stderr gets plain
 * lines. Counted lines are throttled so a 140-artifact download does not print 140 lines.
 */
import { Presets, SingleBar } from 'cli-progress';

/** Receives progress for one operation. */
export interface Progress {
  /** A one-off message, e.g. `cassandra: started in 14.2 s`. */
  line(message: string): void;
  /**
   * Counted work, e.g. 37 of 140 artifacts downloaded.
   *
   * @param total - undefined while the total is not known yet (plain lines, no bar)
   * @param verb - e.g. `downloading`
   * @param noun - e.g. `artifacts`
   */
  count(done: number, total: number | undefined, verb: string, noun: string): void;
  /** Ends counted work (prints the final count, removes the bar). */
  done(): void;
}

/** Minimum gap between two plain counted lines. */
const LINE_INTERVAL_MS = 2000;

/**
 * Formats a counted progress line.
 *
 * @example formatCount('cassandra', 37, 140, 'downloading', 'artifacts') === 'cassandra: downloading 37/140 artifacts…'
 * @example formatCount('cassandra', 12, undefined, 'resolving', 'poms') === 'cassandra: resolving 12 poms…'
 */
export function formatCount(
  subject: string,
  done: number,
  total: number | undefined,
  verb: string,
  noun: string,
): string {
  const n = total === undefined ? `${done}` : `${done}/${Math.max(done, total)}`;
  return `${subject}: ${verb} ${n} ${noun}…`;
}

function lineProgress(
  subject: string,
  emit: (line: string) => void,
  now: () => number = Date.now,
): Progress {
  let last: { text: string; at: number } | undefined;
  let pending: string | undefined;
  return {
    line: (message) => emit(message),
    count(done, total, verb, noun) {
      const text = formatCount(subject, done, total, verb, noun);
      const t = now();
      // Always print the first and the last count; in between at most one line per interval.
      if (!last || done === total || t - last.at >= LINE_INTERVAL_MS) {
        if (last?.text !== text) emit(text);
        last = { text, at: t };
        pending = undefined;
      } else {
        pending = text;
      }
    },
    done() {
      if (pending) emit(pending);
      pending = undefined;
      last = undefined;
    },
  };
}

function barProgress(subject: string): Progress {
  let bar: SingleBar | undefined;
  let label = '';
  // Unknown totals cannot drive a bar: those go out as throttled lines.
  const lines = lineProgress(subject, (l) => process.stderr.write(`${l}\n`));
  return {
    line(message) {
      // Printing under an active bar garbles it; the bar is redrawn on the next update.
      if (bar) process.stderr.write('\n');
      process.stderr.write(`${message}\n`);
    },
    count(done, total, verb, noun) {
      if (total === undefined) {
        lines.count(done, total, verb, noun);
        return;
      }
      const what = `${verb} ${noun}`;
      if (!bar || label !== what) {
        bar?.stop();
        label = what;
        bar = new SingleBar(
          {
            format: `${subject}: ${verb} [{bar}] {value}/{total} ${noun}`,
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(Math.max(total, done), done);
      } else {
        bar.setTotal(Math.max(total, done));
        bar.update(done);
      }
    },
    done() {
      lines.done();
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * Picks the progress mode for an operation.
 *
 * @param subject - the prefix of every line, e.g. `cassandra`
 * @param onProgress - caller's line sink; when absent, stderr (bar if it is a TTY)
 * @param now - clock, injectable for tests of the throttling
 */
export function createProgress(
  subject: string,
  onProgress?: (line: string) => void,
  now?: () => number,
): Progress {
  if (onProgress) return lineProgress(subject, onProgress, now);
  if (process.stderr.isTTY) return barProgress(subject);
  return lineProgress(subject, (l) => process.stderr.write(`${l}\n`), now);
}
