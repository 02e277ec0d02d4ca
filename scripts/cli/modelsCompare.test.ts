/**
 * `spamgraph models compare` on the committed V1 and V2 artifacts (they load in a second, no
 * training). Expected figures come from the classifiers directly and from `models evaluate`,
 * never from the comparison code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelOf, modelEntry, readLabeledCsvFile, type Classifier } from '../../models';
import { fixtures } from '../../models/testing/fixtures';
import { runCliWithEnv } from '../testing/cli';

const run = (...argv: string[]) => runCliWithEnv(argv, {});

// Written for this test: V1 (ratios and cue words) and V2 (word sequence) disagree on five,
// two each way and one more V2 gets right (cmp09); cmp07 fools both.
const ROWS: [id: string, text: string, label: 'spam' | 'ham'][] = [
  ['cmp01', 'Call me when you get home, I have the tickets', 'ham'],
  ['cmp02', 'FREE entry to win a prize! Text WIN to 80082 now', 'spam'],
  [
    'cmp03',
    'Congratulations you have won a free holiday call now. This is your last chance to collect it before the offer ends at midnight',
    'spam',
  ],
  ['cmp04', 'Claim your reward today, reply CLAIM', 'spam'],
  ['cmp05', 'You won the bet, I owe you a coffee. Call me to claim it', 'ham'],
  ['cmp06', 'Your new phone is ready to\ncollect, call the shop', 'ham'],
  ['cmp07', 'Your parcel is waiting, pay the delivery fee at the link', 'spam'],
  ['cmp08', 'Hey, are we still meeting for lunch tomorrow?', 'ham'],
  ['cmp09', 'Congratulations you have won a free holiday call now', 'spam'],
];

const csvOf = (rows: readonly (readonly string[])[]) =>
  'sms_id,text,label\n' +
  rows.map(([id, text, label]) => `${id},"${text!.replace(/"/g, '""')}",${label}\n`).join('');

/** P-value of the exact test by direct summation (fine for a handful of pairs). */
function exactP(b: number, c: number): number {
  const n = b + c;
  let choose = 1;
  let tail = 0;
  for (let i = 0; i <= Math.min(b, c); i++) {
    tail += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

let dir: string;
let data: string;
let v1: Classifier;
let v2: Classifier;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-compare-'));
  data = path.join(dir, 'compare.csv');
  fs.writeFileSync(data, csvOf(ROWS));
  [v1, v2] = await Promise.all([modelEntry('V1').load(), modelEntry('V2').load()]);
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each row's spam probability under a model, one text at a time. */
async function probabilities(c: Classifier, file: string): Promise<number[]> {
  const rows = await readLabeledCsvFile(file);
  return Promise.all(rows.map(async (r) => (await c.predictProba([c.textToFeatures(r.text)]))[0]!));
}

/** `models evaluate <v> --json` of the file. */
async function evaluated(version: string, file: string) {
  const r = await run('models', 'evaluate', version, '--data', file, '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out[0]!) as {
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    confusion: { tp: number; fp: number; tn: number; fn: number };
  };
}

/** What the two classifiers say of each row of `file`, computed here. */
async function expected(file: string) {
  const rows = await readLabeledCsvFile(file);
  const [pa, pb] = [await probabilities(v1, file), await probabilities(v2, file)];
  const right = (p: number[], i: number) => labelOf(p[i]!) === rows[i]!.label;
  const where = (f: (i: number) => boolean) => rows.filter((_, i) => f(i));
  const disagree = rows.flatMap((r, i) =>
    right(pa, i) !== right(pb, i)
      ? [
          {
            smsId: r.smsId,
            label: r.label,
            spamProbabilityA: pa[i]!,
            spamProbabilityB: pb[i]!,
            text: r.text,
          },
        ]
      : [],
  );
  return {
    n: rows.length,
    bothRight: where((i) => right(pa, i) && right(pb, i)).length,
    b: where((i) => right(pa, i) && !right(pb, i)).length,
    c: where((i) => !right(pa, i) && right(pb, i)).length,
    bothWrong: where((i) => !right(pa, i) && !right(pb, i)).length,
    disagree,
  };
}

const r4 = (x: number) => x.toFixed(4);

describe('spamgraph models compare', () => {
  it('--json: both models as evaluate scores them, the agreement table, McNemar, every disagreement', async () => {
    const want = await expected(data);
    // The test data means something only if the two disagree both ways.
    expect([want.b, want.c]).toEqual([2, 3]);
    const r = await run('models', 'compare', 'v1', 'v2', '--data', data, '--json');
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toHaveLength(1);
    const got = JSON.parse(r.out[0]!) as Record<string, unknown>;
    const p = exactP(want.b, want.c);
    expect(got).toEqual({
      n: want.n,
      a: {
        version: 'V1',
        artifactDigest: v1.artifactDigest,
        n: want.n,
        ...(await evaluated('v1', data)),
      },
      b: {
        version: 'V2',
        artifactDigest: v2.artifactDigest,
        n: want.n,
        ...(await evaluated('v2', data)),
      },
      agreement: {
        bothRight: want.bothRight,
        onlyARight: want.b,
        onlyBRight: want.c,
        bothWrong: want.bothWrong,
        agree: want.bothRight + want.bothWrong,
        rate: (want.bothRight + want.bothWrong) / want.n,
      },
      mcnemar: {
        b: want.b,
        c: want.c,
        exactP: p,
        chiSquare: (Math.abs(want.b - want.c) - 1) ** 2 / (want.b + want.c),
        chiSquareP: expect.any(Number) as number,
        pValue: p,
        method: 'exact binomial',
      },
      conclusion: `no significant difference at 0.05 (p = ${r4(p)})`,
      // Whole texts, newlines included.
      disagreements: want.disagree,
    });
  });

  it('prints both models, the table, McNemar, a verdict and the disagreements', async () => {
    const want = await expected(data);
    const [e1, e2] = [await evaluated('v1', data), await evaluated('v2', data)];
    const r = await run('models', 'compare', 'V1', 'v2', '--data', data, '--show', '4');
    expect(r).toMatchObject({ code: 0, err: [] });
    const metrics = (e: typeof e1) =>
      `accuracy ${r4(e.accuracy)}, precision ${r4(e.precision)}, recall ${r4(e.recall)}, F1 ${r4(e.f1)}`;
    const confusion = ({ confusion: c }: typeof e1) =>
      `confusion tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}`;
    const agree = want.bothRight + want.bothWrong;
    const chi = (Math.abs(want.b - want.c) - 1) ** 2 / (want.b + want.c);
    const p = r4(exactP(want.b, want.c));
    expect(r.out.slice(0, 9)).toEqual([
      `models: V1 (sha256 ${v1.artifactDigest.slice(0, 12)}) vs V2 (sha256 ${v2.artifactDigest.slice(0, 12)}) on ${data}: ${want.n} messages`,
      `models: V1 ${metrics(e1)}`,
      `models: V1 ${confusion(e1)}`,
      `models: V2 ${metrics(e2)}`,
      `models: V2 ${confusion(e2)}`,
      `models: both right ${want.bothRight}, only V1 right ${want.b}, only V2 right ${want.c}, both wrong ${want.bothWrong}; same verdict on ${agree} of ${want.n} (${r4(agree / want.n)})`,
      expect.stringMatching(
        new RegExp(
          `^models: McNemar on b = ${want.b}, c = ${want.c}: exact binomial p = ${p} \\(reported\\); chi-square ${r4(chi)} with continuity correction, p = \\d\\.\\d{4}$`,
        ),
      ) as string,
      `models: no significant difference at 0.05 (p = ${p})`,
      `models: they disagree on ${want.disagree.length} messages (the first 4; --show <n>):`,
    ]);
    // A table of the first four: id, label, both probabilities, the text on one line, cut
    // to 80 characters.
    const rows = r.out.slice(9).map((l) => l.trim().split(/ {2,}/));
    expect(rows).toEqual([
      ['sms_id', 'label', 'V1', 'V2', 'text'],
      ...want.disagree.slice(0, 4).map((d) => {
        const line = d.text.replace(/\s+/g, ' ');
        const text = [...line].length > 80 ? [...line].slice(0, 79).join('') + '…' : line;
        return [d.smsId, d.label, r4(d.spamProbabilityA), r4(d.spamProbabilityB), text];
      }),
    ]);
    expect(rows.some((cells) => cells[4]!.endsWith('…') && cells[4]!.length === 80)).toBe(true);
    expect(rows.some((cells) => cells[4]!.includes('ready to collect'))).toBe(true);
  });

  it('lists up to 20 by default, none with --show 0', async () => {
    const want = await expected(data);
    const all = await run('models', 'compare', 'v1', 'v2', '--data', data);
    expect(all.out.slice(8)).toHaveLength(2 + want.disagree.length);
    expect(all.out[8]).toBe(`models: they disagree on ${want.disagree.length} messages:`);
    const none = await run('models', 'compare', 'v1', 'v2', '--data', data, '--show', '0');
    expect(none.out.slice(8)).toEqual([
      `models: they disagree on ${want.disagree.length} messages (the first 0; --show <n>)`,
    ]);
  });

  it('a version against itself (another directory too) agrees everywhere: p = 1', async () => {
    const r = await run(
      'models',
      'compare',
      'v1',
      'v1',
      '--data',
      fixtures.goodCsv,
      '--model-b',
      modelEntry('V1').artifactDir,
    );
    expect(r.code).toBe(0);
    expect(r.out.slice(5)).toEqual([
      'models: both right 6, only V1 (A) right 0, only V1 (B) right 0, both wrong 1; same verdict on 7 of 7 (1.0000)',
      'models: McNemar on b = 0, c = 0: exact binomial p = 1.0000 (reported); chi-square 0.0000 with continuity correction, p = 1.0000',
      'models: no significant difference at 0.05 (p = 1.0000)',
      'models: the two give the same verdict on every message',
    ]);
  });

  it('applies --tokenizer to the version that uses one', async () => {
    const tok = path.join(path.dirname(modelEntry('V2').artifactDir), 'tokenizer-v2.json');
    const withTok = await run(
      'models',
      'compare',
      'v1',
      'v2',
      '--data',
      data,
      '--json',
      '--tokenizer',
      tok,
    );
    const without = await run('models', 'compare', 'v1', 'v2', '--data', data, '--json');
    expect(withTok.code).toBe(0);
    expect(withTok.out).toEqual(without.out);
  });

  it('scores a long file in batches, with progress on stderr', async () => {
    const texts = ROWS.map((r) => r[1]);
    const rows = Array.from({ length: 1201 }, (_, i) => [
      `long${i}`,
      `${texts[i % texts.length]} ${i}`,
      i % 3 === 0 ? 'spam' : 'ham',
    ]);
    const long = path.join(dir, 'long.csv');
    fs.writeFileSync(long, csvOf(rows));
    const r = await run('models', 'compare', 'v1', 'v2', '--data', long, '--json');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out[0]!) as { n: number; a: unknown; b: unknown };
    expect(got.n).toBe(1201);
    expect(got.a).toMatchObject(await evaluated('v1', long));
    expect(got.b).toMatchObject(await evaluated('v2', long));
    // First and last count always; in between at most one line per 2 s.
    expect(r.err[0]).toBe('models: scoring 500/1201 messages…');
    expect(r.err.at(-1)).toBe('models: scoring 1201/1201 messages…');
  }, 60_000);

  it('bad input: exit 1 and one line', async () => {
    const headerOnly = path.join(dir, 'header-only.csv');
    fs.writeFileSync(headerOnly, 'sms_id,text,label\n');
    const fail = (line: string | RegExp) => ({
      code: 1,
      out: [],
      err: [typeof line === 'string' ? line : expect.stringMatching(line)],
    });
    const compare = (...argv: string[]) => run('models', 'compare', ...argv);
    expect(await compare('v9', 'v1', '--data', data)).toEqual(
      fail(/^spamgraph: BAD_USER_INPUT: unknown model version "v9": expected one of v1, v2, v3/),
    );
    expect(await compare('v1', 'v9', '--data', data)).toEqual(
      fail(/^spamgraph: BAD_USER_INPUT: unknown model version "v9"/),
    );
    expect(await compare('v1', 'v2', '--data', '/no/such.csv')).toEqual(
      fail('spamgraph: NOT_FOUND: no such file: /no/such.csv'),
    );
    expect(await compare('v1', 'v2', '--data', headerOnly)).toEqual(
      fail(`spamgraph: BAD_USER_INPUT: ${headerOnly}: line 2: no data rows`),
    );
    expect(await compare('v1', 'v2', '--data', fixtures.badRowsCsv)).toEqual(
      fail(
        `spamgraph: BAD_USER_INPUT: ${fixtures.badRowsCsv}: line 3: label must be "spam" or "ham", got "spammy"; line 4: text is empty; line 5: sms_id "fx101" repeats line 2; line 6: sms_id is empty; line 7: expected 3 columns (sms_id,text,label), found 4`,
      ),
    );
    expect(await compare('v1', 'v2', '--data', fixtures.malformedCsv)).toEqual(
      fail(/^spamgraph: BAD_USER_INPUT: .*sms-malformed\.csv: line \d+: malformed CSV: /),
    );
    expect(await compare('v1', 'v2', '--data', data, '--show', 'all')).toEqual(
      fail('spamgraph: BAD_USER_INPUT: --show must be a non-negative integer, got "all"'),
    );
    expect(await compare('v1', 'v1', '--data', data, '--tokenizer', 'tok.json')).toEqual(
      fail('spamgraph: BAD_USER_INPUT: --tokenizer applies to v2 and v3, not v1'),
    );
    const noModel = path.join(dir, 'no-model');
    expect(await compare('v1', 'v1', '--data', data, '--model-a', noModel)).toEqual(
      fail(
        `spamgraph: NOT_FOUND: ${path.join(noModel, 'metadata.json')} not found: train it with \`npx spamgraph models train v1\``,
      ),
    );
    expect(await compare('v1', 'v2')).toEqual({
      code: 2,
      out: [],
      err: ["error: required option '--data <csv>' not specified"],
    });
  });
});
