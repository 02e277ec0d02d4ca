/**
 * The spam project's feature repository — the equivalent of Feast's `feature_repo/`:
 * one entity, four batch sources (two behind push sources), four views and three services.
 */
import {
  entity,
  featureRepo,
  featureService,
  featureView,
  fileSource,
  pushSource,
  type Field,
  type FeatureRepo,
} from '../../feature-store';

const DAY = 86_400;

export const sms = entity({
  name: 'sms',
  joinKey: 'sms_id',
  description: 'One SMS message, identified by its id.',
});

export const labelsSource = fileSource({
  name: 'sms_labels_source',
  path: 'sms_labels',
  timestampField: 'event_timestamp',
  createdTimestampColumn: 'created',
  description: 'Labels of the imported dataset (1 = spam, 0 = ham).',
});

export const labelsPush = pushSource({
  name: 'sms_labels_push',
  batchSource: labelsSource,
  description:
    'Users’ verdicts (`reportSpam`), pushed with the time of the report: training as of a time ' +
    'sees a verdict exactly from then on.',
});

export const features1Source = fileSource({
  name: 'sms_features1_source',
  path: 'sms_features1',
  timestampField: 'event_timestamp',
  createdTimestampColumn: 'created',
  description: 'Hand-made features v1 of the imported dataset.',
});

export const features2Source = fileSource({
  name: 'sms_features2_source',
  path: 'sms_features2',
  timestampField: 'event_timestamp',
  createdTimestampColumn: 'created',
  description: 'Token-id features v2 (offline history, including offline pushes).',
});

export const smss2Push = pushSource({
  name: 'smss2_push',
  batchSource: features2Source,
  description: 'New messages’ v2 features, pushed by the inbox on arrival.',
});

export const features3Source = fileSource({
  name: 'sms_features3_source',
  path: 'sms_features3',
  timestampField: 'event_timestamp',
  createdTimestampColumn: 'created',
  description: 'Hashed n-gram features v3 (offline history, including offline pushes).',
});

export const smss3Push = pushSource({
  name: 'smss3_push',
  batchSource: features3Source,
  description: 'New messages’ v3 features, pushed by the inbox on arrival.',
});

const ratio = (name: string, description: string): Field => ({
  name,
  dtype: 'float64',
  description,
});
const cue = (word: string): Field => ({
  name: word,
  dtype: 'int64',
  description: `1 when the word "${word}" appears as a whole token (any case), else 0.`,
});

export const smsLabels = featureView({
  name: 'sms_labels',
  entities: ['sms'],
  ttlSeconds: 0, // a label does not expire
  schema: [{ name: 'label', dtype: 'int64', description: '1 = spam, 0 = ham.' }],
  source: labelsPush,
  online: true,
  description: 'Labels: the imported dataset’s, and users’ verdicts from `reportSpam`.',
  tags: { team: 'spam', kind: 'label' },
});

export const smsFeatures1 = featureView({
  name: 'sms_features1',
  entities: ['sms'],
  ttlSeconds: 3650 * DAY,
  schema: [
    ratio('cap_r', 'Upper-case letters / letters, over the word tokens.'),
    ratio('nal_r', 'Non-alphabetic characters / alphabetic characters, over the word tokens.'),
    ...['free', 'money', 'prize', 'win', 'won', 'winner', 'cash'].map(cue),
  ],
  source: features1Source,
  online: true,
  description: 'Features v1: two ratios and seven cue-word flags (model V1).',
  tags: { team: 'spam', model: 'v1' },
});

export const smsFeatures2 = featureView({
  name: 'sms_features2',
  entities: ['sms'],
  ttlSeconds: 3650 * DAY,
  schema: [
    {
      name: 'features',
      dtype: 'int64_list',
      length: 30,
      description: 'Token ids (vocabulary 180), pre-padded to length 30.',
    },
  ],
  source: smss2Push,
  online: true,
  description: 'Features v2: token ids from the fitted tokenizer (models V2 and V3).',
  tags: { team: 'spam', model: 'v2,v3' },
});

export const smsFeatures3 = featureView({
  name: 'sms_features3',
  entities: ['sms'],
  ttlSeconds: 3650 * DAY,
  schema: [
    {
      name: 'indices',
      dtype: 'int64_list',
      description:
        'Sparse vector indices, strictly increasing, in [0, 2^18 + 8): hashed word 1–2-grams ' +
        'and character 2–5-grams, then the length features (models/features/v3.ts).',
    },
    {
      name: 'values',
      dtype: 'float64_list',
      description: 'The value at each index (same length as `indices`).',
    },
  ],
  source: smss3Push,
  online: true,
  description: 'Features v3: hashed word and character n-grams plus length, sparse (model V4).',
  tags: { team: 'spam', model: 'v4' },
});

export const labeledSms1 = featureService({
  name: 'labeled_sms_1',
  features: [
    { view: smsFeatures1.name, features: smsFeatures1.schema.map((f) => f.name) },
    { view: smsLabels.name, features: ['label'] },
  ],
  description: 'Features v1 with labels: training and serving of model V1.',
  tags: { model: 'v1' },
});

export const labeledSms2 = featureService({
  name: 'labeled_sms_2',
  features: [
    { view: smsFeatures2.name, features: smsFeatures2.schema.map((f) => f.name) },
    { view: smsLabels.name, features: ['label'] },
  ],
  description: 'Features v2 with labels: training and serving of models V2 and V3.',
  tags: { model: 'v2,v3' },
});

export const labeledSms3 = featureService({
  name: 'labeled_sms_3',
  features: [
    { view: smsFeatures3.name, features: smsFeatures3.schema.map((f) => f.name) },
    { view: smsLabels.name, features: ['label'] },
  ],
  description: 'Features v3 with labels: training and serving of model V4.',
  tags: { model: 'v4' },
});

/** The repository `fs apply` registers. */
export const spamRepo: FeatureRepo = featureRepo({
  project: 'spamgraph',
  entities: [sms],
  featureViews: [smsLabels, smsFeatures1, smsFeatures2, smsFeatures3],
  featureServices: [labeledSms1, labeledSms2, labeledSms3],
});

/** Event times the story gives the offline sources (the years the features were made). */
export const SOURCE_TIMESTAMPS = {
  labels: new Date('2019-02-03T00:00:00Z'),
  features1: new Date('2019-02-03T00:00:00Z'),
  features2: new Date('2020-02-03T00:00:00Z'),
  features3: new Date('2026-11-02T00:00:00Z'),
} as const;
