import { loadConfig } from '../platform/config';
import { BadUserInputError, ConfigError } from '../platform/errors';
import {
  MODEL_VERSIONS,
  enabledModelVersions,
  isModelVersion,
  labelOf,
  parseModelVersion,
} from './versions';

describe('model versions', () => {
  it('serves every version when SPAM_MODEL_VERSIONS is absent', () => {
    expect(enabledModelVersions(loadConfig({}))).toEqual(['V1', 'V2', 'V3', 'V4']);
    expect(MODEL_VERSIONS).toEqual(['V1', 'V2', 'V3', 'V4']);
  });

  it('takes SPAM_MODEL_VERSIONS in version order, each once, any case', () => {
    expect(enabledModelVersions(loadConfig({ SPAM_MODEL_VERSIONS: ' v3, V1 ,v3' }))).toEqual([
      'V1',
      'V3',
    ]);
    expect(enabledModelVersions(loadConfig({ SPAM_MODEL_VERSIONS: '' }))).toEqual([]);
  });

  it('rejects unknown versions with a ConfigError naming them', () => {
    const config = loadConfig({ SPAM_MODEL_VERSIONS: 'V1,V9,x' });
    expect(() => enabledModelVersions(config)).toThrow(ConfigError);
    expect(() => enabledModelVersions(config)).toThrow(
      'invalid configuration — SPAM_MODEL_VERSIONS: unknown version(s) V9, X: expected a list of V1, V2, V3',
    );
  });

  it('parses a version from user input', () => {
    expect(parseModelVersion(' v2 ')).toBe('V2');
    expect(isModelVersion('V3')).toBe(true);
    expect(isModelVersion('v3')).toBe(false);
    expect(() => parseModelVersion('V5')).toThrow(BadUserInputError);
    expect(() => parseModelVersion('')).toThrow('expected one of v1, v2, v3, v4');
  });

  it('labels a probability strictly above 0.5 as spam', () => {
    expect([0, 0.5, 0.5000001, 1].map(labelOf)).toEqual(['ham', 'ham', 'spam', 'spam']);
  });
});
