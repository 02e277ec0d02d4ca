/**
 * The model subgraph through the real Apollo Gateway over HTTP, with the committed model
 * artifacts, once per storage backend.
 */
import { openSpamFeatureStore, loadMetadata, extractV1, modelEntry } from '../../models';
import { describeEachBackend, testConfig } from '../../platform/testing/backends';
import { openTestStorage, dropTestStorage } from '../../platform/testing/backends';
import { sampleValue } from '../../platform/http/prometheusText';
import { bearer, startTestStack, type TestStack } from '../testing/stack';

const VERSIONS = ['V1', 'V2', 'V3', 'V4'] as const;
const SPAM =
  'WINNER!! As a valued network customer you have been selected to receive a £900 prize reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only.';
const HAM = "Ok lar... I'll be home soon, we can have dinner together tonight";

const TEXT_TO_PREDICTION = `query P($v: ModelVersion!, $t: String!, $skip: Boolean) {
  textToPrediction(version: $v, text: $t, skipCache: $skip) { version label spamProbability fromCache }
}`;
const FEATURES_TO_PREDICTION = `query F($v: ModelVersion!, $f: [Float!]!) {
  featuresToPrediction(version: $v, features: $f) { version label spamProbability fromCache }
}`;
const TEXT_TO_FEATURES = `query T($v: ModelVersion!, $t: String!) {
  textToFeatures(version: $v, text: $t) { version names values fromCache }
}`;
const CALL_LOG = `query L($v: ModelVersion!) { recentCallLog(version: $v) { calledAt operation version input } }`;
const STORE = `mutation S($input: StoreSmsInput!) { storeSms(input: $input) { smsId } }`;
const INBOX_ALL_VERSIONS = `query I($u: ID!) { inbox(userId: $u, first: 50) { edges { node {
  smsId text
  v1: spamPrediction(version: V1) { version label spamProbability fromCache }
  v2: spamPrediction(version: V2) { version label spamProbability fromCache }
  v3: spamPrediction(version: V3) { version label spamProbability fromCache }
  v4: spamPrediction(version: V4) { version label spamProbability fromCache }
} } } }`;

interface Prediction {
  version: string;
  label: 'SPAM' | 'HAM';
  spamProbability: number;
  fromCache: boolean;
}

const metric = (text: string, name: string, labels: string) =>
  sampleValue(text, `${name}{${labels}}`);

describeEachBackend('model subgraph via gateway', (ctx) => {
  let stack: TestStack;
  beforeAll(async () => {
    const store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  const predictText = async (v: string, t: string, skip = false) => {
    const res = await stack.query<{ textToPrediction: Prediction }>(TEXT_TO_PREDICTION, {
      v,
      t,
      skip,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.textToPrediction;
  };

  it.each(VERSIONS)(
    '%s: clear spam is SPAM, clear ham is HAM; repeats come from the cache',
    async (v) => {
      const spam = await predictText(v, SPAM);
      const ham = await predictText(v, HAM);
      expect(spam).toMatchObject({ version: v, label: 'SPAM', fromCache: false });
      expect(spam.spamProbability).toBeGreaterThan(0.5);
      expect(ham).toMatchObject({ version: v, label: 'HAM', fromCache: false });
      expect(ham.spamProbability).toBeLessThan(0.5);
      expect(await predictText(v, SPAM)).toEqual({ ...spam, fromCache: true });
      expect(await predictText(v, SPAM, true)).toEqual({ ...spam, fromCache: false });
    },
  );

  it('textToFeatures → featuresToPrediction gives the verdict textToPrediction gave (one cache)', async () => {
    const text = 'URGENT! Your mobile won a cash prize, txt WIN to 80086';
    const f = await stack.query<{ textToFeatures: { names: string[]; values: number[] } }>(
      TEXT_TO_FEATURES,
      { v: 'V1', t: text },
    );
    expect(f.data!.textToFeatures).toEqual({
      version: 'V1',
      names: ['cap_r', 'nal_r', 'free', 'money', 'prize', 'win', 'won', 'winner', 'cash'],
      values: extractV1(text),
      fromCache: false,
    });
    const fromFeatures = await stack.query<{ featuresToPrediction: Prediction }>(
      FEATURES_TO_PREDICTION,
      { v: 'V1', f: f.data!.textToFeatures.values },
    );
    const fromText = await predictText('V1', text);
    expect(fromFeatures.data!.featuresToPrediction.fromCache).toBe(false);
    expect(fromText).toEqual({ ...fromFeatures.data!.featuresToPrediction, fromCache: true });

    const v3 = await stack.query<{ textToFeatures: { names: string[]; values: number[] } }>(
      TEXT_TO_FEATURES,
      { v: 'V3', t: text },
    );
    expect(v3.data!.textToFeatures.names).toHaveLength(30);
    expect(v3.data!.textToFeatures.names[29]).toBe('features[29]');
    expect(v3.data!.textToFeatures.values.every(Number.isInteger)).toBe(true);

    // V4: a sparse vector, packed as indices then values, round-trips through featuresToPrediction.
    const v4 = await stack.query<{ textToFeatures: { names: string[]; values: number[] } }>(
      TEXT_TO_FEATURES,
      { v: 'V4', t: text },
    );
    const packed = v4.data!.textToFeatures;
    const n = packed.values.length / 2;
    expect(n).toBeGreaterThan(50);
    expect(packed.names[0]).toBe('indices[0]');
    expect(packed.names[n]).toBe('values[0]');
    expect(packed.values.slice(0, n).every(Number.isInteger)).toBe(true);
    const v4Features = await stack.query<{ featuresToPrediction: Prediction }>(
      FEATURES_TO_PREDICTION,
      { v: 'V4', f: packed.values },
    );
    expect(await predictText('V4', text)).toEqual({
      ...v4Features.data!.featuresToPrediction,
      fromCache: true,
    });
  });

  it.each([
    ['V1', [1, 2, 3], /expects 9 features/],
    ['V2', Array.from({ length: 30 }, () => 0.5), /integers/],
    ['V3', Array.from({ length: 30 }, () => 180), /180 is not a token id in \[0, 180\)/],
    ['V3', [], /expects 30|30/],
    ['V4', [3, 1, 0.5, 0.5], /strictly increasing/],
    ['V4', [1, 2, 0.5], /odd length/],
    ['V4', [300000, 1], /not an integer in/],
  ])('%s: a wrong feature vector is BAD_USER_INPUT', async (v, features, message) => {
    const res = await stack.query(FEATURES_TO_PREDICTION, { v, f: features });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
  });

  it('wrong types and unknown versions are BAD_USER_INPUT from the gateway', async () => {
    const wrongType = await stack.query(FEATURES_TO_PREDICTION, { v: 'V1', f: ['a', 1] });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await stack.query(TEXT_TO_PREDICTION, { v: 'V5', t: 'hi' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('texts: empty and too long are BAD_USER_INPUT; unicode is fine', async () => {
    for (const t of ['', '   ', 'x'.repeat(2001)]) {
      const res = await stack.query(TEXT_TO_PREDICTION, { v: 'V2', t });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const emoji = await predictText('V3', '🎉 Félicitations! 你中奖了 — call now 📞');
    expect(emoji.spamProbability).toBeGreaterThanOrEqual(0);
    expect(emoji.spamProbability).toBeLessThanOrEqual(1);
    expect(await predictText('V3', 'x'.repeat(2000))).toMatchObject({ version: 'V3' });
  });

  it('models lists every version with its digest and test metrics', async () => {
    const res = await stack.query<{
      models: {
        version: string;
        enabled: boolean;
        featureService: string;
        metrics: unknown;
        artifactDigest: string;
      }[];
    }>('{ models { version enabled featureService metrics artifactDigest runtime } }');
    expect(res.errors).toBeUndefined();
    const runtimes = res.data!.models.map((m) => (m as { runtime?: string }).runtime);
    expect(runtimes[0]).toBe('random forest (JavaScript)');
    expect(runtimes.slice(1)).toEqual([
      expect.stringMatching(/^JavaScript LSTM \(tfjs (tensorflow|wasm|cpu) loads it\)$/),
      expect.stringMatching(/^tfjs (tensorflow|wasm|cpu) \(step-wise LSTM\)$/),
      'sparse linear model (JavaScript)',
    ]);
    res.data!.models.forEach((m) => delete (m as { runtime?: string }).runtime);
    const metas = await Promise.all(
      VERSIONS.map((v) => loadMetadata(modelEntry(v).artifactDir, 'committed artifact')),
    );
    expect(res.data!.models).toEqual(
      VERSIONS.map((v, i) => ({
        version: v,
        enabled: true,
        featureService:
          { V1: 'labeled_sms_1', V4: 'labeled_sms_3' }[v as string] ?? 'labeled_sms_2',
        metrics: JSON.parse(JSON.stringify(metas[i]!.metrics)),
        artifactDigest: metas[i]!.artifactDigest,
      })),
    );
  });

  it('inbox of 50 × 4 versions: one model call per version; again: all cached, no model', async () => {
    const user = `batch-${ctx.backend}`;
    const texts = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 0
        ? `FREE entry ${i}: WIN a £${i}00 cash prize, txt CLAIM to 8${i}`
        : `see you at ${i} o'clock, ok?`,
    );
    for (const text of texts) {
      const res = await stack.query(STORE, { input: { recipientId: user, senderId: 's', text } });
      expect(res.errors).toBeUndefined();
    }
    const before = await stack.modelMetrics();
    const first = await stack.query<{
      inbox: { edges: { node: Record<string, Prediction> & { text: string } }[] };
    }>(INBOX_ALL_VERSIONS, { u: user });
    expect(first.errors).toBeUndefined();
    const nodes = first.data!.inbox.edges.map((e) => e.node);
    expect(nodes).toHaveLength(50);
    const mid = await stack.modelMetrics();
    for (const v of VERSIONS) {
      const key = v.toLowerCase();
      expect(nodes.every((n) => n[key]!.version === v && n[key]!.fromCache === false)).toBe(true);
      const calls = metric(mid, 'spamgraph_model_batches_total', `version="${v}"`);
      expect(calls - metric(before, 'spamgraph_model_batches_total', `version="${v}"`)).toBe(1);
      // every message took the text path and was written through
      expect(
        metric(mid, 'spamgraph_features_computed_from_text_total', `version="${v}"`) -
          metric(before, 'spamgraph_features_computed_from_text_total', `version="${v}"`),
      ).toBe(50);
    }
    // The spam texts are flagged by the LSTM.
    expect(
      nodes.filter((n) => n.text.startsWith('FREE')).every((n) => n.v3!.label === 'SPAM'),
    ).toBe(true);

    const second = await stack.query<typeof first.data>(INBOX_ALL_VERSIONS, { u: user });
    const after = await stack.modelMetrics();
    const nodes2 = second.data!.inbox.edges.map((e) => e.node);
    for (const v of VERSIONS) {
      const key = v.toLowerCase();
      expect(nodes2.map((n) => n[key])).toEqual(nodes.map((n) => ({ ...n[key], fromCache: true })));
      expect(metric(after, 'spamgraph_model_batches_total', `version="${v}"`)).toBe(
        metric(mid, 'spamgraph_model_batches_total', `version="${v}"`),
      );
      // features now come from the online store, not from text
      expect(metric(after, 'spamgraph_features_computed_from_text_total', `version="${v}"`)).toBe(
        metric(mid, 'spamgraph_features_computed_from_text_total', `version="${v}"`),
      );
      expect(
        metric(after, 'spamgraph_prediction_cache_hits_total', `version="${v}"`),
      ).toBeGreaterThanOrEqual(50);
      // One timed online read per query; the second query's verdicts came from process memory,
      // so storage was read for the cache only by the first.
      const count = (text: string, name: string) => metric(text, `${name}_count`, `version="${v}"`);
      expect(count(after, 'spamgraph_online_store_read_seconds')).toBe(
        count(before, 'spamgraph_online_store_read_seconds') + 2,
      );
      expect(count(after, 'spamgraph_prediction_cache_read_seconds')).toBe(
        count(before, 'spamgraph_prediction_cache_read_seconds') + 1,
      );
    }
    expect(after).toMatch(/spamgraph_model_batch_size_bucket\{le="50",version="V3"\} \d+/);
    expect(after).toMatch(
      /spamgraph_model_http_request_duration_seconds_count\{route="\/graphql",status="200"\} \d+/,
    );
  });

  it('recentCallLog shows the caller its own calls, newest first', async () => {
    await predictText('V2', 'call log one');
    await stack.query(TEXT_TO_FEATURES, { v: 'V2', t: 'call log two' });
    const res = await stack.query<{
      recentCallLog: { calledAt: string; operation: string; input: string }[];
    }>(CALL_LOG, { v: 'V2' });
    expect(res.errors).toBeUndefined();
    const log = res.data!.recentCallLog;
    expect(log.slice(0, 2).map((e) => [e.operation, e.input])).toEqual([
      ['textToFeatures', 'call log two'],
      ['textToPrediction', 'call log one'],
    ]);
    expect(Date.now() - Date.parse(log[0]!.calledAt)).toBeLessThan(60_000);
  });
});

describeEachBackend('model subgraph: disabled versions and callers behind a proxy', (ctx) => {
  let stack: TestStack;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const config = testConfig(ctx.backend, { SPAM_MODEL_VERSIONS: 'V1', TRUST_PROXY: 'true' });
    const storage = await openTestStorage(config);
    cleanup = () => dropTestStorage(storage, config);
    const store = await openSpamFeatureStore(storage, config);
    await store.apply();
    stack = await startTestStack(storage, config, { featureStore: store, gatewayTrustProxy: true });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  it('a disabled version answers MODEL_VERSION_DISABLED everywhere; models says enabled: false', async () => {
    for (const [q, vars] of [
      [TEXT_TO_PREDICTION, { v: 'V3', t: 'hello' }],
      [TEXT_TO_FEATURES, { v: 'V2', t: 'hello' }],
      [FEATURES_TO_PREDICTION, { v: 'V3', f: [1] }],
      [CALL_LOG, { v: 'V2' }],
    ] as const) {
      const res = await stack.query(q, vars);
      expect(res.errors?.[0]?.extensions?.code).toBe('MODEL_VERSION_DISABLED');
    }
    const models = await stack.query<{
      models: { version: string; enabled: boolean; artifactDigest: string | null }[];
    }>('{ models { version enabled artifactDigest } }');
    expect(
      models.data!.models.map((m) => [m.version, m.enabled, m.artifactDigest === null]),
    ).toEqual([
      ['V1', true, false],
      ['V2', false, true],
      ['V3', false, true],
      ['V4', false, true],
    ]);
  });

  it('each caller sees only its own calls: keyed by account, not by a forwarded address', async () => {
    const ann = bearer(await stack.signUp(`ann-${Date.now()}`));
    const bob = bearer(await stack.signUp(`bob-${Date.now()}`));
    // bob claims ann's address: it changes nothing, identity is the account
    await stack.query(
      TEXT_TO_PREDICTION,
      { v: 'V1', t: 'from ann' },
      {
        ...ann,
        'x-forwarded-for': '203.0.113.7',
      },
    );
    await stack.query(
      TEXT_TO_PREDICTION,
      { v: 'V1', t: 'from bob' },
      {
        ...bob,
        'x-forwarded-for': '203.0.113.7',
      },
    );
    const log = async (who: Record<string, string>) =>
      (
        await stack.query<{ recentCallLog: { input: string }[] }>(CALL_LOG, { v: 'V1' }, who)
      ).data!.recentCallLog.map((e) => e.input);
    expect(await log(ann)).toEqual(['from ann']);
    expect(await log(bob)).toEqual(['from bob']);
    const anonymous = await stack.query(CALL_LOG, { v: 'V1' }, { authorization: '' });
    expect(anonymous).toEqual({
      data: null,
      errors: [
        {
          message: 'authentication required',
          path: ['recentCallLog'],
          extensions: { code: 'UNAUTHENTICATED', serviceName: 'model' },
        },
      ],
    });
  });
});
