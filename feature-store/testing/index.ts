/** A small feature repo for tests: a 1-hour-ttl view, a forever view and a pushed vector view. */
import {
  entity,
  featureRepo,
  featureService,
  featureView,
  fileSource,
  pushSource,
} from '../definitions';

export const testEntity = entity({ name: 'msg', joinKey: 'msg_id' });

export const scoreView = featureView({
  name: 'scores',
  entities: ['msg'],
  ttlSeconds: 3600,
  schema: [
    { name: 'score', dtype: 'float64' },
    { name: 'count', dtype: 'int64' },
  ],
  source: fileSource({
    name: 'scores_source',
    path: 'scores',
    timestampField: 'event_timestamp',
    createdTimestampColumn: 'created',
  }),
  online: true,
});

export const labelView = featureView({
  name: 'labels',
  entities: ['msg'],
  ttlSeconds: 0,
  schema: [{ name: 'label', dtype: 'int64' }],
  source: fileSource({
    name: 'labels_source',
    path: 'labels',
    timestampField: 'event_timestamp',
    createdTimestampColumn: 'created',
  }),
  online: true,
});

export const vectorPush = pushSource({
  name: 'vec_push',
  batchSource: fileSource({
    name: 'vec_source',
    path: 'vectors',
    timestampField: 'event_timestamp',
    createdTimestampColumn: 'created',
  }),
});

export const vectorView = featureView({
  name: 'vectors',
  entities: ['msg'],
  ttlSeconds: 0,
  schema: [{ name: 'v', dtype: 'int64_list', length: 3 }],
  source: vectorPush,
  online: true,
});

export const testRepo = featureRepo({
  project: 'test',
  entities: [testEntity],
  featureViews: [scoreView, labelView, vectorView],
  featureServices: [
    featureService({
      name: 'scored',
      features: [
        { view: 'scores', features: ['score', 'count'] },
        { view: 'labels', features: ['label'] },
      ],
    }),
    featureService({ name: 'vec', features: [{ view: 'vectors', features: ['v'] }] }),
  ],
});

/** UTC date from a short ISO string. */
export const at = (iso: string) => new Date(iso.endsWith('Z') ? iso : `${iso}Z`);
