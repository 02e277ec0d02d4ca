import { BadUserInputError } from '../../platform/errors';
import { LSTM_TRAINING_DEFAULTS, checkLstmValues, resolveLstmSettings } from './lstmOptions';
import { checkTrainingSeed, describeInLibraryWords, type TrainOptionProblem } from './optionChecks';

describe('resolveLstmSettings', () => {
  it('applies the version defaults: validation 0.15, every epoch, refit', () => {
    expect(resolveLstmSettings('V2', {})).toEqual({
      seed: 42,
      epochs: 10,
      batchSize: 32,
      learningRate: 0.01,
      validationFraction: 0.15,
      patience: undefined,
      refit: true,
    });
    expect(resolveLstmSettings('V3', { seed: 7, patience: 2, refit: false })).toEqual({
      seed: 7,
      epochs: LSTM_TRAINING_DEFAULTS.V3.epochs,
      batchSize: 32,
      learningRate: 0.005,
      validationFraction: 0.15,
      patience: 2,
      refit: false,
    });
  });

  it('keeps the last epoch without validation rows: no patience, no refit', () => {
    expect(resolveLstmSettings('V2', { validationFraction: 0 })).toMatchObject({
      validationFraction: 0,
      patience: undefined,
      refit: false,
    });
  });

  it('refuses in the library words by default', () => {
    expect(() => resolveLstmSettings('V2', { seed: -1 })).toThrow(
      'seed must be an integer in [0, 4294967295], got -1',
    );
    expect(() => resolveLstmSettings('V2', { learningRate: 0 })).toThrow(
      'learning rate must be positive, got 0',
    );
    expect(() => resolveLstmSettings('V2', { learningRate: Infinity })).toThrow(BadUserInputError);
    expect(() => resolveLstmSettings('V3', { validationFraction: 0, refit: true })).toThrow(
      'refit needs validation rows: the validation fraction is 0',
    );
  });

  it('hands each refusal to the caller as data, for its own words', () => {
    const seen: TrainOptionProblem[] = [];
    const describe = (p: TrainOptionProblem) => {
      seen.push(p);
      return `no: ${p.option}`;
    };
    expect(() => resolveLstmSettings('V2', { epochs: 3, batchSize: 0 }, describe)).toThrow(
      'no: batchSize',
    );
    expect(() =>
      resolveLstmSettings('V2', { validationFraction: 0, patience: 1 }, describe),
    ).toThrow('no: patience');
    expect(seen).toEqual([
      { option: 'batchSize', rule: 'range', value: 0 },
      { option: 'patience', rule: 'needsValidation' },
    ]);
  });
});

describe('checkLstmValues', () => {
  it('checks only the values given, in order, and NaN never passes', () => {
    expect(() => checkLstmValues({})).not.toThrow();
    expect(() => checkLstmValues({ epochs: 1, batchSize: 1, validationFraction: 0 })).not.toThrow();
    expect(() => checkLstmValues({ patience: 0, epochs: NaN })).toThrow(
      'epochs must be a positive integer, got NaN',
    );
    expect(() => checkLstmValues({ validationFraction: 1 })).toThrow(
      'validation fraction must be in [0, 1), got 1',
    );
  });
});

describe('checkTrainingSeed', () => {
  it('passes unsigned 32-bit integers through and words a refusal', () => {
    expect(checkTrainingSeed(4294967295)).toBe(4294967295);
    expect(() => checkTrainingSeed(1.5)).toThrow(
      'seed must be an integer in [0, 4294967295], got 1.5',
    );
    expect(describeInLibraryWords({ option: 'patience', rule: 'needsValidation' })).toBe(
      'patience needs validation rows: the validation fraction is 0',
    );
  });
});
