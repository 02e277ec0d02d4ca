/**
 * messageRows: the one text → feature rows mapping behind ingestion, serving's write-through
 * and `fs create-sources`, with exact rows for both text feature services.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSpamgraphError } from '../../platform/errors';
import { extractV3, fitTokenizer, saveTokenizer } from '../features';
import {
  labeledSms1,
  labeledSms2,
  labeledSms3,
  smsFeatures1,
  smsFeatures2,
  smsLabels,
  smss2Push,
  spamRepo,
} from './definitions';
import {
  FeatureExtractors,
  TEXT_FEATURE_SERVICES,
  messageRows,
  textFeatureView,
  type MessageText,
} from './messageRows';

// Ids by count, then first seen: win 1, cash 2, free 3, prize 4.
const tokenizer = fitTokenizer(['win cash', 'win free prize']);
const extractors = new FeatureExtractors(tokenizer);
const at = new Date('2026-03-04T05:06:07.000Z');
const created = new Date('2026-03-05T00:00:00.000Z');
const zeros = (n: number) => new Array<number>(n).fill(0);

const messages: MessageText[] = [
  { smsId: 'ascii', text: 'WIN cash NOW!', eventTimestamp: at },
  // Decomposed é (e + U+0301) is one letter after NFC; the emoji is one non-letter.
  { smsId: 'unicode', text: 'Café 🎉 fre\u0301e ΣΟΦΙΑ won', eventTimestamp: at },
  { smsId: 'blank', text: '  \t ', eventTimestamp: at },
  { smsId: 'no-letters', text: '!!! 123', eventTimestamp: at },
];

const errorOf = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (e) {
    if (isSpamgraphError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
};

describe('messageRows', () => {
  it('labeled_sms_1: v1 features under sms_features1 schema names, no push source', () => {
    const v1 = (values: number[]) =>
      Object.fromEntries(smsFeatures1.schema.map((f, i) => [f.name, values[i]]));
    const out = messageRows('labeled_sms_1', messages, extractors);
    expect(out.service).toBe('labeled_sms_1');
    expect(out.view).toBe(smsFeatures1);
    expect(out.pushSource).toBeUndefined();
    expect(out.features).toEqual([
      'cap_r',
      'nal_r',
      'free',
      'money',
      'prize',
      'win',
      'won',
      'winner',
      'cash',
    ]);
    expect(out.rows).toStrictEqual([
      // 10 letters, 6 upper, 1 non-letter; "win" and "cash" are cue tokens.
      { entityKey: 'ascii', eventTimestamp: at, values: v1([0.6, 0.1, 0, 0, 0, 1, 0, 0, 1]) },
      // 16 letters (Café, frée, ΣΟΦΙΑ, won), 6 upper, 1 emoji; "frée" is not "free".
      {
        entityKey: 'unicode',
        eventTimestamp: at,
        values: v1([6 / 16, 1 / 16, 0, 0, 0, 0, 1, 0, 0]),
      },
      { entityKey: 'blank', eventTimestamp: at, values: v1(zeros(9)) },
      { entityKey: 'no-letters', eventTimestamp: at, values: v1(zeros(9)) },
    ]);
  });

  it('labeled_sms_2: 30 pre-padded token ids as sms_features2 "features", via smss2_push', () => {
    const out = messageRows(
      'labeled_sms_2',
      messages.map((m) => ({ ...m, created })),
      extractors,
    );
    expect(out.view).toBe(smsFeatures2);
    expect(out.pushSource).toBe('smss2_push');
    expect(out.features).toEqual(['features']);
    expect(out.rows).toStrictEqual([
      {
        entityKey: 'ascii',
        eventTimestamp: at,
        created,
        values: { features: [...zeros(28), 1, 2] },
      },
      { entityKey: 'unicode', eventTimestamp: at, created, values: { features: zeros(30) } },
      { entityKey: 'blank', eventTimestamp: at, created, values: { features: zeros(30) } },
      { entityKey: 'no-letters', eventTimestamp: at, created, values: { features: zeros(30) } },
    ]);
  });

  it('no messages: no rows, still the service view', () => {
    expect(messageRows('labeled_sms_2', [], extractors)).toMatchObject({
      view: smsFeatures2,
      rows: [],
    });
  });

  it('v3: the sparse vector as the index list and the value list of sms_features3, pushed through smss3_push', () => {
    const rows = messageRows('labeled_sms_3', messages, extractors);
    expect(rows.view.name).toBe('sms_features3');
    expect(rows.pushSource).toBe('smss3_push');
    expect(rows.features).toEqual(['indices', 'values']);
    messages.forEach((m, i) => {
      const v = extractV3(m.text);
      expect(rows.rows[i]!.values).toEqual({ indices: v.indices, values: v.values });
      expect(v.indices.length).toBeGreaterThan(0);
    });
  });

  it('an unknown service is NOT_FOUND, naming the known ones', () => {
    for (const service of ['labeled_sms_9', 'sms_features1', '']) {
      expect(errorOf(() => messageRows(service, messages, extractors))).toEqual({
        code: 'NOT_FOUND',
        message: `feature service "${service}" has no features computed from text (known: labeled_sms_1, labeled_sms_2, labeled_sms_3)`,
      });
    }
    expect(errorOf(() => textFeatureView('nope')).code).toBe('NOT_FOUND');
  });

  it('without a tokenizer, v1 still works and v2 is NOT_FOUND', () => {
    const v1Only = new FeatureExtractors(null);
    expect(messageRows('labeled_sms_1', messages.slice(0, 1), v1Only).rows).toHaveLength(1);
    expect(errorOf(() => messageRows('labeled_sms_2', messages, v1Only))).toEqual({
      code: 'NOT_FOUND',
      message: 'feature service labeled_sms_2 needs the v2 tokenizer: none loaded',
    });
  });

  it('builds each extractor once', () => {
    const e = new FeatureExtractors(tokenizer);
    expect(e.extractor('labeled_sms_2')).toBe(e.extractor('labeled_sms_2'));
    expect(e.extractor('labeled_sms_1')).toBe(e.extractor('labeled_sms_1'));
  });
});

describe('FeatureExtractors.load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'message-rows-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('loads the tokenizer file once, for the services that need it', async () => {
    const file = path.join(dir, 'tok.json');
    await saveTokenizer(file, tokenizer);
    const loaded = await FeatureExtractors.load({ tokenizerPath: file });
    expect(messageRows('labeled_sms_2', messages, loaded)).toStrictEqual(
      messageRows('labeled_sms_2', messages, extractors),
    );
    // v1 alone needs no tokenizer: a missing file does not matter.
    const missing = path.join(dir, 'missing.json');
    const v1 = await FeatureExtractors.load({
      services: ['labeled_sms_1'],
      tokenizerPath: missing,
    });
    expect(messageRows('labeled_sms_1', messages, v1).rows).toHaveLength(4);
    await expect(FeatureExtractors.load({ tokenizerPath: missing })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('text feature services follow the repo definitions', () => {
  it('each service projects its text view, whole; push sources come from the views', () => {
    expect(TEXT_FEATURE_SERVICES).toEqual([labeledSms1.name, labeledSms2.name, labeledSms3.name]);
    for (const service of TEXT_FEATURE_SERVICES) {
      const { view, features } = textFeatureView(service);
      const def = spamRepo.featureServices.find((s) => s.name === service);
      expect(def?.features).toContainEqual({ view: view.name, features: [...features] });
      expect(spamRepo.featureViews).toContain(view);
      expect(view).not.toBe(smsLabels);
    }
    expect(textFeatureView(labeledSms2.name).pushSource).toBe(smss2Push.name);
    expect(textFeatureView(labeledSms1.name).pushSource).toBeUndefined();
  });
});
