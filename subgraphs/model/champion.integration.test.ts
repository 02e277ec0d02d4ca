/**
 * Champion and challenger through the real gateway: the version that answers when none is
 * named (`SPAM_MODEL_DEFAULT`, then `models promote` in storage), and the challenger scoring
 * the same batches in the shadow, compared in Prometheus.
 */
import { openSpamFeatureStore, CHOICE_TTL_MS } from '../../models';
import {
  describeEachBackend,
  dropTestStorage,
  openTestStorage,
  testConfig,
} from '../../platform/testing/backends';
import { sampleValue } from '../../platform/http/prometheusText';
import type { Storage } from '../../platform/storage';
import { startTestStack, type TestStack } from '../testing/stack';

const STORE = `mutation S($input: StoreSmsInput!) { storeSms(input: $input) { smsId } }`;
const INBOX = `query I($u: ID!) { inbox(userId: $u, first: 50) { edges { node {
  smsId
  served: spamPrediction { version label spamProbability }
  v1: spamPrediction(version: V1) { version label spamProbability }
  v4: spamPrediction(version: V4) { version label spamProbability }
} } } }`;
const TEXT = `query T($t: String!) { textToPrediction(text: $t) { version label spamProbability } }`;
const MODELS = '{ models { version champion challenger } }';

interface Verdict {
  version: string;
  label: string;
  spamProbability: number;
}

describeEachBackend('champion and challenger', (ctx) => {
  let stack: TestStack;
  let cleanup: () => Promise<void>;
  let storage: Storage;
  const user = `champ-${ctx.backend}`;
  beforeAll(async () => {
    const config = testConfig(ctx.backend, {
      SPAM_MODEL_VERSIONS: 'V1,V4',
      SPAM_MODEL_DEFAULT: 'V1',
      SPAM_MODEL_CHALLENGER: 'V4',
    });
    storage = await openTestStorage(config);
    cleanup = () => dropTestStorage(storage, config);
    const store = await openSpamFeatureStore(storage, config);
    await store.apply();
    stack = await startTestStack(storage, config, { featureStore: store });
    const texts = [
      'WINNER!! Claim your £900 prize now: call 09061701461, code KL341',
      'URGENT! Your mobile number has won £2000. Txt CLAIM to 80086 now',
      "Ok lar... I'll be home soon, we can have dinner together tonight",
      'Your parcel could not be delivered. Pay the £1.99 fee at parcel-redeliver.example',
      'free cash for you, reply WIN',
    ];
    for (const text of texts) {
      const res = await stack.query(STORE, { input: { recipientId: user, senderId: 's', text } });
      expect(res.errors).toBeUndefined();
    }
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  const inbox = async () => {
    const res = await stack.query<{
      inbox: { edges: { node: { served: Verdict; v1: Verdict; v4: Verdict } }[] };
    }>(INBOX, { u: user });
    expect(res.errors).toBeUndefined();
    return res.data!.inbox.edges.map((e) => e.node);
  };

  it('without a version, SPAM_MODEL_DEFAULT answers; models says who is champion and challenger', async () => {
    const nodes = await inbox();
    expect(nodes).toHaveLength(5);
    for (const n of nodes) expect(n.served).toEqual(n.v1);
    const text = await stack.query<{ textToPrediction: Verdict }>(TEXT, { t: 'hello there' });
    expect(text.data!.textToPrediction.version).toBe('V1');
    const models = await stack.query<{ models: { version: string }[] }>(MODELS);
    expect(models.data!.models).toEqual([
      { version: 'V1', champion: true, challenger: false },
      { version: 'V2', champion: false, challenger: false },
      { version: 'V3', champion: false, challenger: false },
      { version: 'V4', champion: false, challenger: true },
    ]);
  });

  it('the challenger scores the champion’s batches in the shadow: agreement and score deltas per version pair', async () => {
    const before = await stack.modelMetrics();
    const nodes = await inbox();
    await stack.model.serving.shadowSettled();
    const after = await stack.modelMetrics();
    const count = (text: string, outcome: string) =>
      sampleValue(
        text,
        `spamgraph_shadow_predictions_total{champion="V1",challenger="V4",outcome="${outcome}"}`,
      );
    const agreeing = nodes.filter((n) => n.v1.label === n.v4.label).length;
    expect(count(after, 'agree') - count(before, 'agree')).toBe(agreeing);
    expect(count(after, 'disagree') - count(before, 'disagree')).toBe(5 - agreeing);
    const deltas = (text: string) =>
      sampleValue(text, 'spamgraph_shadow_score_delta_count{champion="V1",challenger="V4"}');
    expect(deltas(after) - deltas(before)).toBe(5);
    const sum = (text: string) =>
      sampleValue(text, 'spamgraph_shadow_score_delta_sum{champion="V1",challenger="V4"}');
    const expected = nodes.reduce((s, n) => s + n.v4.spamProbability - n.v1.spamProbability, 0);
    expect(sum(after) - sum(before)).toBeCloseTo(expected, 6);
    // Naming a version is not served traffic: no shadow.
    await stack.query(`query { textToPrediction(version: V1, text: "hi") { label } }`);
    await stack.model.serving.shadowSettled();
    expect(deltas(await stack.modelMetrics())).toBe(deltas(after));
  });

  it('a promotion in storage takes over within the choice TTL, without a restart', async () => {
    await storage.promotions.record({
      champion: 'V4',
      challenger: 'V1',
      promotedAt: new Date(),
      promotedBy: 'test',
    });
    await new Promise((r) => setTimeout(r, CHOICE_TTL_MS + 100));
    const nodes = await inbox();
    for (const n of nodes) expect(n.served).toEqual(n.v4);
    const models = await stack.query<{ models: { version: string }[] }>(MODELS);
    expect(models.data!.models.filter((m) => m.version !== 'V2' && m.version !== 'V3')).toEqual([
      { version: 'V1', champion: false, challenger: true },
      { version: 'V4', champion: true, challenger: false },
    ]);
    // A promotion of a version this deployment does not serve is ignored: the configuration stands.
    await storage.promotions.record({
      champion: 'V3',
      challenger: null,
      promotedAt: new Date(Date.now() + 1),
      promotedBy: 'test',
    });
    await new Promise((r) => setTimeout(r, CHOICE_TTL_MS + 100));
    for (const n of await inbox()) expect(n.served).toEqual(n.v1);
  });
});
