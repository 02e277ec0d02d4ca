/** storeRows: computed rows as pushes and online writes take them, and where they go. */
import { FeatureExtractors, messageRows } from './messageRows';
import { pushRowsOf, storeMessageRows } from './storeRows';
import { fitTokenizer } from '../features';

const extractors = new FeatureExtractors(fitTokenizer(['win cash']));
const at = new Date('2026-01-02T03:04:05.678Z');
const texts = [{ smsId: 'm1', text: 'win', eventTimestamp: at }];
const ids = (last: number[]) => [...new Array<number>(30 - last.length).fill(0), ...last];

/** A store that records what it was asked to write. */
function recordingStore() {
  const calls: unknown[][] = [];
  return {
    calls,
    push: (...args: unknown[]) => {
      calls.push(['push', ...args]);
      return Promise.resolve({
        pushSource: '',
        views: [],
        rows: 0,
        to: 'online' as const,
        written: 0,
        older: 0,
        olderKeys: [],
        offlineRows: 0,
      });
    },
    writeToOnlineStore: (...args: unknown[]) => {
      calls.push(['writeToOnlineStore', ...args]);
      return Promise.resolve({ view: '', rows: 0, written: 0, older: 0, olderKeys: [] });
    },
  };
}

describe('pushRowsOf', () => {
  it('puts the join key, the ISO event time, created when set, then the features', () => {
    const created = new Date('2026-01-03T00:00:00Z');
    const v2 = messageRows('labeled_sms_2', [{ ...texts[0]!, created }], extractors);
    expect(pushRowsOf(v2)).toStrictEqual([
      {
        sms_id: 'm1',
        event_timestamp: '2026-01-02T03:04:05.678Z',
        created: '2026-01-03T00:00:00.000Z',
        features: ids([1]),
      },
    ]);
    const v1 = messageRows('labeled_sms_1', texts, extractors);
    expect(Object.keys(pushRowsOf(v1)[0]!)).toEqual(['sms_id', 'event_timestamp', ...v1.features]);
  });
});

describe('storeMessageRows', () => {
  it('v2 goes through smss2_push (offline buffered), v1 straight online', async () => {
    const store = recordingStore();
    const v1 = messageRows('labeled_sms_1', texts, extractors);
    const v2 = messageRows('labeled_sms_2', texts, extractors);
    await storeMessageRows(store, v2, 'online_and_offline');
    await storeMessageRows(store, v2, 'online');
    await storeMessageRows(store, v1, 'online_and_offline');
    await storeMessageRows(store, messageRows('labeled_sms_2', [], extractors), 'online');
    expect(store.calls).toEqual([
      ['push', 'smss2_push', pushRowsOf(v2), 'online_and_offline', { bufferOffline: true }],
      ['push', 'smss2_push', pushRowsOf(v2), 'online'],
      ['writeToOnlineStore', 'sms_features1', pushRowsOf(v1)],
    ]);
  });
});
