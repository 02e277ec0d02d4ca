/**
 * What models V2 and V3 are: their architectures, the data they train and serve from (feature
 * service, feature, time freeze) and where their committed artifacts live. Training, loading and
 * the registry all read it, so it imports no tfjs.
 */
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { FEATURES_V2_LENGTH, FEATURES_V2_NUM_WORDS } from '../features';

/** The LSTM versions. */
export type LstmVersion = 'V2' | 'V3';

/** The architecture of one LSTM version. */
export interface LstmSpec {
  version: LstmVersion;
  /** Vocabulary size (ids 0..vocabulary-1; 0 is padding). */
  vocabulary: number;
  sequenceLength: number;
  embeddingDim: number;
  spatialDropout: number;
  lstmUnits: number;
  /** Dropout on the LSTM's inputs. */
  lstmDropout: number;
}

/** V2 and V3 as the models issue describes them. */
export const LSTM_SPECS: Readonly<Record<LstmVersion, Readonly<LstmSpec>>> = Object.freeze({
  V2: Object.freeze({
    version: 'V2',
    vocabulary: FEATURES_V2_NUM_WORDS,
    sequenceLength: FEATURES_V2_LENGTH,
    embeddingDim: 6,
    spatialDropout: 0.05,
    lstmUnits: 6,
    lstmDropout: 0,
  }),
  V3: Object.freeze({
    version: 'V3',
    vocabulary: FEATURES_V2_NUM_WORDS,
    sequenceLength: FEATURES_V2_LENGTH,
    embeddingDim: 64,
    spatialDropout: 0.3,
    lstmUnits: 96,
    lstmDropout: 0.3,
  }),
});

/** The feature service V2 and V3 train and serve from. */
export const LSTM_FEATURE_SERVICE = 'labeled_sms_2';

/** The name of the v2 feature (one list of token ids) in the store. */
export const LSTM_FEATURE_NAME = 'features';

/** V2 and V3 train on the features as they were on this day. */
export const V2_TIME_FREEZE = new Date('2020-07-02T00:00:00Z');

/** Where the committed artifacts live. */
export const LSTM_ARTIFACT_DIRS: Readonly<Record<LstmVersion, string>> = Object.freeze({
  V2: path.join(REPO_ROOT, 'models', 'artifacts', 'v2'),
  V3: path.join(REPO_ROOT, 'models', 'artifacts', 'v3'),
});
