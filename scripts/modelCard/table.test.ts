import type { Metrics, ModelMetadata } from '../../models';
import type { LatencyFigures, MachineInfo } from './latency';
import { CARD_MARKERS, cardBlockOf, markdownTable, replaceCardBlock } from './markdown';
import {
  cardBlock,
  cardTable,
  featuresCell,
  latencyNote,
  modelCell,
  partsTable,
  trainingDataCell,
  withoutLatency,
  type CardEntry,
} from './table';

const metrics = (tp: number, fp: number, tn: number, fn: number): Metrics => {
  const n = tp + fp + tn + fn;
  return {
    n,
    accuracy: (tp + tn) / n,
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    f1: (2 * tp) / (2 * tp + fp + fn),
    confusion: { tp, fp, tn, fn },
  };
};

/** A V1-like record: a forest, no labels block, no per-part figures. */
const forestRecord: ModelMetadata = {
  format: 'spamgraph.model-metadata',
  formatVersion: 1,
  version: 'V1',
  description: 'random forest on features v1',
  library: 'test',
  featureNames: ['cap_r'],
  hyperparameters: { nTrees: 10, maxDepth: 10 },
  seed: 42,
  data: {
    source: 'feature store: historical retrieval of labeled_sms_1',
    featureService: 'labeled_sms_1',
    timeFreeze: '2019-05-05T00:00:00.000Z',
    entityRows: 400,
    dropped: 0,
    spam: 100,
    ham: 300,
  },
  split: { method: 'stratified', testFraction: 0.25, nTrain: 300, nTest: 100 },
  metrics: metrics(15, 5, 70, 10),
  trainMetrics: metrics(60, 5, 220, 15),
  extra: {},
  artifactDigest: 'a'.repeat(64),
  trainedAt: '2026-11-26T18:20:56.030Z',
  trainingSeconds: 1,
};

/** A V4-like record: a chosen loss and penalty, users' labels, per-part test figures. */
const linearRecord: ModelMetadata = {
  ...forestRecord,
  version: 'V4',
  description: 'calibrated linear model on features v3',
  hyperparameters: { loss: 'logistic', l2: 0.001, plattA: 2, plattB: 0 },
  data: {
    ...forestRecord.data,
    featureService: 'labeled_sms_3',
    timeFreeze: '2026-12-01T12:30:00.000Z',
  },
  metrics: metrics(24, 1, 74, 1),
  extra: {
    labels: { fromDataset: 390, fromUsers: 10 },
    testByPart: { sms: metrics(10, 1, 50, 0), youtube: metrics(14, 0, 24, 1) },
  },
  artifactDigest: 'b'.repeat(64),
};

const latency = (model: number, total: number): LatencyFigures => ({
  batch: 50,
  modelCall: { medianMs: model, p99Ms: model * 2 },
  textToProbability: { medianMs: total, p99Ms: total * 3 },
});

const entries: CardEntry[] = [
  {
    metadata: forestRecord,
    calibration: { ece: 0.02189, source: 'recomputed on the test split' },
    latency: latency(0.144, 0.888),
  },
  {
    metadata: linearRecord,
    calibration: { ece: 0.007824, source: 'training record' },
    latency: latency(0.5, 15.9),
  },
];

const machine: MachineInfo = { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', commit: 'abc1234' };

describe('cells', () => {
  it('adds the settings that tell versions of a kind apart to the description', () => {
    expect(modelCell(forestRecord)).toBe('random forest on features v1; 10 trees, depth 10');
    expect(modelCell(linearRecord)).toBe(
      'calibrated linear model on features v3; picked logistic, L2 0.001, Platt-scaled',
    );
    const lstm = {
      ...forestRecord,
      hyperparameters: {},
      extra: { parameters: 1406, refit: { epochs: 10 } },
    };
    expect(modelCell(lstm)).toBe('random forest on features v1; 1,406 params, 10 epochs');
  });

  it('names the feature service, with a few words on the services it knows', () => {
    expect(featuresCell(forestRecord)).toBe(
      'v1: 2 character ratios, 7 cue words (`labeled_sms_1`)',
    );
    const other = { ...forestRecord, data: { ...forestRecord.data, featureService: 'x_9' } };
    expect(featuresCell(other)).toBe('`x_9`');
  });

  it('shows a midnight time freeze as a date, any other instant whole, and users’ labels when recorded', () => {
    expect(trainingDataCell(forestRecord)).toBe('`labeled_sms_1` as of 2019-05-05');
    expect(trainingDataCell(linearRecord)).toBe(
      '`labeled_sms_3` as of 2026-12-01T12:30:00.000Z; labels from users: 10',
    );
  });
});

describe('cardTable', () => {
  it('renders one row per record, laid out as Prettier lays out Markdown tables', () => {
    const table = cardTable(entries).split('\n');
    expect(table).toHaveLength(4);
    expect(table[0]).toMatch(
      /^\| version \| model +\| features +\| training data as of +\| test accuracy \| precision \| recall \| F1 \(spam\) \| ECE +\| model call \/ 50: median · p99 \| text → probability \/ 50: median · p99 \(per message\) \|$/,
    );
    const cells = table.slice(2).map((r) =>
      r
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    expect(cells).toEqual([
      [
        'V1',
        'random forest on features v1; 10 trees, depth 10',
        'v1: 2 character ratios, 7 cue words (`labeled_sms_1`)',
        '`labeled_sms_1` as of 2019-05-05',
        '0.850',
        '0.750',
        '0.600',
        '0.667',
        '0.022',
        '0.14 · 0.29 ms',
        '0.89 · 2.66 ms (18 µs)',
      ],
      [
        'V4',
        'calibrated linear model on features v3; picked logistic, L2 0.001, Platt-scaled',
        'v3: hashed word 1–2-grams and character 2–5-grams, length, patterns (`labeled_sms_3`)',
        '`labeled_sms_3` as of 2026-12-01T12:30:00.000Z; labels from users: 10',
        '0.980',
        '0.960',
        '0.960',
        '0.960',
        '0.008',
        '0.50 · 1.00 ms',
        '15.9 · 47.7 ms (318 µs)',
      ],
    ]);
    // Every line as wide as the header, the delimiter row all dashes.
    expect(new Set(table.map((l) => [...l].length)).size).toBe(1);
    expect(table[1]).toMatch(/^\|( -+ \|)+$/);
  });

  it('says when latency or calibration were not measured', () => {
    const [row] = cardTable([{ metadata: forestRecord }])
      .split('\n')
      .slice(2)
      .map((r) =>
        r
          .split('|')
          .slice(-4, -1)
          .map((c) => c.trim()),
      );
    expect(row).toEqual(['n/a', 'not measured', 'not measured']);
  });
});

describe('partsTable', () => {
  it('lists the per-part test figures of the records that have them', () => {
    expect(partsTable(entries)).toBe(
      [
        '| version | test rows from | n   | accuracy | precision | recall | F1 (spam) |',
        '| ------- | -------------- | --- | -------- | --------- | ------ | --------- |',
        '| V4      | sms            | 61  | 0.984    | 0.909     | 1.000  | 0.952     |',
        '| V4      | youtube        | 39  | 0.974    | 1.000     | 0.933  | 0.966     |',
      ].join('\n'),
    );
  });

  it('is null when no record has them', () => {
    expect(partsTable(entries.slice(0, 1))).toBeNull();
  });
});

describe('cardBlock', () => {
  it('holds the table, the ECE sources, the parts, the latency note and the plot', () => {
    const block = cardBlock(entries, { machine, warmUp: 20, repeats: 200 });
    expect(block).toContain('Every quality figure is on the same 100 test rows');
    expect(block).toContain(
      "V4: from the training record. V1: recomputed on the test split with the committed artifact, whose recomputed confusion matrix equals the record's.",
    );
    expect(block).toContain('| V4      | youtube        |');
    expect(block).toContain('median · p99 of 200 runs after 20 warm-up runs, in one process.');
    expect(block).toContain('Test CPU, 2 cores, Node v20.0.0, commit abc1234.');
    expect(block.endsWith('![reliability](card/reliability.png)')).toBe(true);
  });

  it('compares equal without latency when only latency and the machine differ', () => {
    const a = cardBlock(entries, { machine, warmUp: 20, repeats: 200 });
    const slower = entries.map((e) => ({ ...e, latency: latency(9, 99) }));
    const b = cardBlock(slower, {
      machine: { ...machine, commit: 'def5678' },
      warmUp: 5,
      repeats: 20,
    });
    expect(a).not.toBe(b);
    expect(withoutLatency(a)).toBe(withoutLatency(b));
    expect(withoutLatency(a)).not.toContain(' ms');
  });

  it('compares unequal when a metric differs', () => {
    const a = cardBlock(entries);
    const retrained = { ...forestRecord, metrics: metrics(16, 5, 69, 10) };
    const b = cardBlock([{ ...entries[0]!, metadata: retrained }, entries[1]!]);
    expect(withoutLatency(a)).not.toBe(withoutLatency(b));
  });

  it('notes an unmeasured latency', () => {
    expect(latencyNote(undefined)).toBe('Latency: not measured.');
  });
});

describe('README block', () => {
  const readme = `# models\n\n## Model card\n\nintro\n\n${CARD_MARKERS.begin}\nold\n${CARD_MARKERS.end}\n\nprose\n`;

  it('replaces what lies between the markers and nothing else, the same way each time', () => {
    const once = replaceCardBlock(readme, 'new | block');
    expect(once).toBe(
      `# models\n\n## Model card\n\nintro\n\n${CARD_MARKERS.begin}\n\nnew | block\n\n${CARD_MARKERS.end}\n\nprose\n`,
    );
    expect(replaceCardBlock(once, 'new | block')).toBe(once);
    expect(cardBlockOf(once)).toBe('new | block');
  });

  it('refuses a README without both markers in order', () => {
    expect(() => replaceCardBlock('# models\n', 'x')).toThrow(/no <!-- model-card:begin -->/);
    expect(() => cardBlockOf(`${CARD_MARKERS.end}\n${CARD_MARKERS.begin}`)).toThrow(
      /in that order/,
    );
  });
});

describe('markdownTable', () => {
  it('pads to the widest cell (three dashes at least) and escapes pipes', () => {
    expect(markdownTable(['a', 'long header'], [['x|y', 'µ→']])).toBe(
      ['| a    | long header |', '| ---- | ----------- |', '| x\\|y | µ→          |'].join('\n'),
    );
    expect(() => markdownTable(['a'], [['1', '2']])).toThrow(RangeError);
  });
});
