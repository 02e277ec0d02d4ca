import { formatBytes, formatRing } from './cluster-status';

describe('formatBytes', () => {
  it.each([
    [undefined, '?'],
    [512, '512 B'],
    [81723, '79.8 KiB'],
    [3 * 1024 * 1024, '3.0 MiB'],
  ])('%s → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatRing', () => {
  it('prints a nodetool-status-like table: UN/DN, load, tokens, host id, gossip', () => {
    expect(
      formatRing([
        {
          address: '127.0.0.1',
          up: true,
          gossipStatus: 'NORMAL',
          loadBytes: 81723,
          tokens: ['-9223372036854775808'],
          hostId: 'efa274b8-4386-48da-8fb6-6e572a03f3f5',
        },
        { address: '127.0.0.3', up: false, gossipStatus: 'shutdown', tokens: ['1'], hostId: 'x' },
        { address: '127.0.0.4', up: true, gossipStatus: 'BOOT', tokens: [] },
      ]),
    ).toEqual([
      '--  Address    Load      Tokens  Host ID                               Gossip',
      'UN  127.0.0.1  79.8 KiB  1       efa274b8-4386-48da-8fb6-6e572a03f3f5  NORMAL',
      'DN  127.0.0.3  ?         1       x                                     shutdown',
      'UJ  127.0.0.4  ?         0       ?                                     BOOT',
    ]);
  });
});
