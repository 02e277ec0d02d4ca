/**
 * Feature extraction shared by training and serving: v1 (ratios and cue words) and v2 (Keras
 * tokenizer ids, padded). Import from here (or `models/`), not from the files behind it.
 */
export { FEATURES_V1_NAMES, V1_CUE_WORDS, cueTokens, extractV1, type FeatureV1Name } from './v1';
export {
  KERAS_DEFAULT_FILTERS,
  V2_TOKENIZER_SETTINGS,
  fitTokenizer,
  textToSequence,
  textToWordSequence,
  textsToSequences,
  type PadSide,
  type RankedWord,
  type Tokenizer,
  type TokenizerSettings,
} from './tokenizer';
export { padSequences, type PadOptions } from './padSequences';
export {
  DEFAULT_TOKENIZER_PATH,
  TOKENIZER_FORMAT,
  loadTokenizer,
  saveTokenizer,
  tokenizerDigest,
  tokenizerFromJSON,
  tokenizerToJSON,
  type TokenizerJson,
} from './tokenizerFile';
export {
  FEATURES_V2_LENGTH,
  FEATURES_V2_NUM_WORDS,
  extractV2,
  extractV2Batch,
  fitTokenizerFromCsv,
  type FitFromCsvOptions,
} from './v2';
export { murmur3, murmur3String } from './murmur3';
export {
  packSparse,
  sparseDot,
  sparseVectorProblem,
  unpackSparse,
  type SparseVector,
} from './sparseVector';
export {
  FEATURES_V3_DIMENSION,
  V3_SETTINGS,
  extractSparse,
  extractV3,
  normalizeV3,
  v3Dimension,
  type V3Settings,
} from './v3';
export { LENGTH_SATURATION, PATTERN_NAMES, patternValues, type PatternName } from './v3Patterns';
