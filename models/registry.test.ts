import path from 'node:path';
import { REPO_ROOT } from '../platform/config';
import { MODEL_REGISTRY, availableVersions, modelEntry, parseModelVersion } from './registry';

describe('model registry', () => {
  it('knows V1: its feature service, time freeze and artifact', () => {
    expect(availableVersions()).toEqual(['V1', 'V2', 'V3', 'V4']);
    expect(modelEntry('V1')).toMatchObject({
      version: 'V1',
      featureService: 'labeled_sms_1',
      timeFreeze: new Date('2019-05-05T00:00:00Z'),
      artifactDir: path.join(REPO_ROOT, 'models', 'artifacts', 'v1'),
    });
    expect(Object.isFrozen(MODEL_REGISTRY)).toBe(true);
  });

  it('knows V2 and V3: tfjs LSTMs on labeled_sms_2 as of 2020-07-02', () => {
    for (const v of ['V2', 'V3'] as const) {
      expect(modelEntry(v)).toMatchObject({
        version: v,
        featureService: 'labeled_sms_2',
        timeFreeze: new Date('2020-07-02T00:00:00Z'),
        artifactDir: path.join(REPO_ROOT, 'models', 'artifacts', v.toLowerCase()),
        epochs: true,
        usesTokenizer: true,
      });
    }
  });

  it('parses versions case-insensitively and refuses others (BAD_USER_INPUT)', () => {
    expect(['v1', 'V2', ' v3 '].map(parseModelVersion)).toEqual(['V1', 'V2', 'V3']);
    expect(() => parseModelVersion('v5')).toThrow(
      'unknown model version "v5": expected one of v1, v2, v3, v4',
    );
    expect(() => parseModelVersion('')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
