/**
 * The Feast feature server's endpoints over our FeatureStore. Each handler parses its body
 * (BAD_USER_INPUT naming the field), calls the library, and answers Feast's JSON shape.
 */
import type { Request, Response } from 'express';
import type { FeatureStore, PushTarget } from '../../../feature-store';
import { BadUserInputError, NotFoundError } from '../../../platform/errors';
import {
  entityKeys,
  objectBody,
  optionalBoolean,
  optionalString,
  optionalStringList,
  requiredString,
  requiredTimestamp,
} from './body';
import {
  dataFrameRows,
  toFeastMaterializeResponse,
  feastOnlineResponseText,
  toFeastOnlineWriteResponse,
  toFeastPushResponse,
} from './feastJson';

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * `POST /get-online-features`
 * `{features?: ["view:feature"…], feature_service?, entities: {<join key>: [keys…]}, full_feature_names?}`
 */
export const getOnlineFeatures =
  (store: FeatureStore): Handler =>
  async (req, res) => {
    const body = objectBody(req.body);
    const featureService = optionalString(body, 'feature_service');
    const features = optionalStringList(body, 'features');
    const fullFeatureNames = optionalBoolean(body, 'full_feature_names') ?? false;
    if ((featureService === undefined) === (features === undefined)) {
      throw new BadUserInputError('give exactly one of feature_service or features');
    }
    const entity = (await store.registered()).entities[0];
    if (!entity) throw new NotFoundError('the registry defines no entity');
    const entities = entityKeys(body.entities, entity.joinKey);
    const read = await store.getOnlineFeatures({
      featureService,
      features,
      entities,
      fullFeatureNames,
    });
    res.type('application/json').send(feastOnlineResponseText(read));
  };

/** `POST /push` `{push_source_name, df: {column: [values…]}, to?: "online"|"offline"|"online_and_offline"}` */
export const push =
  (store: FeatureStore): Handler =>
  async (req, res) => {
    const body = objectBody(req.body);
    const name = requiredString(body, 'push_source_name');
    // Feast's default: a push without `to` goes to the online store only. The library checks
    // the value (BAD_USER_INPUT listing the three targets).
    const to = (optionalString(body, 'to') ?? 'online') as PushTarget;
    const rows = dataFrameRows(body.df);
    res.json(toFeastPushResponse(await store.push(name, rows, to)));
  };

/**
 * `POST /write-to-online-store` `{feature_view_name, df: {column: [values…]}, allow_registry_cache?,
 * transform_on_write?}` — what Feast's SDK sends for `write_to_online_store` and for a push to
 * the online store through a `remote` online store: rows straight into the view's online
 * table (`df` holds the join key, the features, `event_timestamp` and `created`). The two
 * flags change nothing here (our registry is read per request; there are no on-demand views).
 */
export const writeToOnlineStore =
  (store: FeatureStore): Handler =>
  async (req, res) => {
    const body = objectBody(req.body);
    const name = requiredString(body, 'feature_view_name');
    optionalBoolean(body, 'allow_registry_cache');
    optionalBoolean(body, 'transform_on_write');
    const rows = dataFrameRows(body.df);
    res.json(toFeastOnlineWriteResponse(await store.writeToOnlineStore(name, rows)));
  };

/** `POST /materialize` `{start_ts, end_ts, feature_views?}` */
export const materialize =
  (store: FeatureStore): Handler =>
  async (req, res) => {
    const body = objectBody(req.body);
    const start = requiredTimestamp(body, 'start_ts');
    const end = requiredTimestamp(body, 'end_ts');
    const views = optionalStringList(body, 'feature_views');
    res.json(toFeastMaterializeResponse(await store.materialize(start, end, views)));
  };

/** `POST /materialize-incremental` `{end_ts, feature_views?}` */
export const materializeIncremental =
  (store: FeatureStore): Handler =>
  async (req, res) => {
    const body = objectBody(req.body);
    const end = requiredTimestamp(body, 'end_ts');
    const views = optionalStringList(body, 'feature_views');
    res.json(toFeastMaterializeResponse(await store.materializeIncremental(end, views)));
  };
