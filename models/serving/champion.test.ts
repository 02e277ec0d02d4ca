import type { Promotion } from '../../platform/storage';
import { CHOICE_TTL_MS, ChampionSource, checkPromotion, configuredChoice } from './champion';

const promotion = (champion: string, challenger: string | null, at = 1): Promotion => ({
  champion,
  challenger,
  promotedAt: new Date(at),
  promotedBy: 'test',
});

describe('configuredChoice', () => {
  it('defaults to the newest enabled version and no challenger', () => {
    expect(
      configuredChoice({ defaultModelVersion: undefined, challengerModelVersion: undefined }, [
        'V1',
        'V3',
      ]),
    ).toEqual({
      champion: 'V3',
      challenger: null,
      source: 'configuration',
    });
  });

  it('takes SPAM_MODEL_DEFAULT and SPAM_MODEL_CHALLENGER', () => {
    expect(
      configuredChoice({ defaultModelVersion: 'V1', challengerModelVersion: 'V4' }, ['V1', 'V4']),
    ).toMatchObject({
      champion: 'V1',
      challenger: 'V4',
    });
  });

  it.each([
    [
      { defaultModelVersion: 'V9', challengerModelVersion: undefined },
      /SPAM_MODEL_DEFAULT: "V9" is not an enabled version/,
    ],
    [
      { defaultModelVersion: 'V2', challengerModelVersion: undefined },
      /SPAM_MODEL_DEFAULT: "V2" is not an enabled version \(enabled: V1, V4\)/,
    ],
    [
      { defaultModelVersion: undefined, challengerModelVersion: 'V3' },
      /SPAM_MODEL_CHALLENGER: "V3"/,
    ],
    [{ defaultModelVersion: 'V4', challengerModelVersion: 'V4' }, /V4 is already the champion/],
  ])('refuses %j with CONFIG_ERROR', (config, message) => {
    expect(() => configuredChoice(config, ['V1', 'V4'])).toThrow(message);
  });
});

describe('checkPromotion', () => {
  it('refuses unknown versions and a challenger equal to the champion', () => {
    expect(() => checkPromotion('V9', null)).toThrow(/unknown model version "V9"/);
    expect(() => checkPromotion('V1', 'V0')).toThrow(/unknown model version "V0"/);
    expect(() => checkPromotion('V1', 'V1')).toThrow(/V1 cannot be its own challenger/);
    expect(() => checkPromotion('V1', 'V4')).not.toThrow();
  });
});

describe('ChampionSource', () => {
  const configured = { champion: 'V1', challenger: null, source: 'configuration' } as const;

  it('uses the newest promotion, reads storage at most once per TTL, and sees a new one after it', async () => {
    let now = 1_000_000;
    const history = [promotion('V4', 'V1')];
    const reads: number[] = [];
    const source = new ChampionSource(
      configured,
      ['V1', 'V4'],
      {
        history: (limit) => {
          reads.push(limit);
          return Promise.resolve(history.slice(0, limit));
        },
      },
      () => now,
    );
    expect(await source.current()).toMatchObject({
      champion: 'V4',
      challenger: 'V1',
      source: 'promotion',
    });
    history.unshift(promotion('V1', null, 2));
    expect((await source.current()).champion).toBe('V4');
    expect(reads).toEqual([1]);
    now += CHOICE_TTL_MS;
    expect(await source.current()).toMatchObject({ champion: 'V1', challenger: null });
    expect(reads).toEqual([1, 1]);
  });

  it('ignores a champion not served here, drops a challenger not served here', async () => {
    const of = (p: Promotion) =>
      new ChampionSource(configured, ['V1', 'V4'], {
        history: () => Promise.resolve([p]),
      }).current();
    expect(await of(promotion('V3', 'V4'))).toEqual(configured);
    expect(await of(promotion('V4', 'V2'))).toMatchObject({ champion: 'V4', challenger: null });
  });

  it('keeps the last choice when storage fails, and fails when it never had one', async () => {
    let now = 0;
    let fail = false;
    const source = new ChampionSource(
      configured,
      ['V1', 'V4'],
      {
        history: () =>
          fail ? Promise.reject(new Error('down')) : Promise.resolve([promotion('V4', null)]),
      },
      () => now,
    );
    expect((await source.current()).champion).toBe('V4');
    fail = true;
    now += CHOICE_TTL_MS;
    expect((await source.current()).champion).toBe('V4');
    const fresh = new ChampionSource(configured, ['V1'], {
      history: () => Promise.reject(new Error('down')),
    });
    await expect(fresh.current()).rejects.toThrow('down');
  });

  it('without a store, the configured choice', async () => {
    expect(await new ChampionSource(configured, ['V1'], null).current()).toEqual(configured);
  });
});
