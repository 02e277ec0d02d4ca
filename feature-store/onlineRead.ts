/**
 * Online reads in Feast's column-major shape: `featureNames[i]` describes `columns[i]`, whose
 * `values[j]` / `statuses[j]` / `eventTimestamps[j]` belong to entity j. Column 0 is the
 * join key. One batched read per view; ttl is enforced here, at read time.
 */
import { BadUserInputError } from '../platform/errors';
import { idProblem } from '../platform/text';
import type { FeatureRef } from './offline/historical';
import { featureColumn } from './offline/historical';
import type { OnlineStore } from './online/onlineStore';
import type { Entity, FeatureStatus, FeatureValue, ValueType } from './types';

/** Most entities one online read accepts. */
export const MAX_ONLINE_ENTITIES = 1000;

const isKeyString = (k: unknown): k is string =>
  typeof k === 'string' && k.length > 0 && k.length <= 128;

/**
 * Whether `k` can be an entity key: a 1–128 character string that is a clean id (well-formed,
 * NFC, no control, format or separator characters but inner plain spaces; see
 * `platform/text`), so two keys that look the same are the same key.
 */
export const isValidEntityKey = (k: unknown): k is string => isKeyString(k) && !idProblem(k);

/** Checks a list of entity keys to read or delete: BAD_USER_INPUT naming the first bad one. */
export function checkEntityKeys(entityKeys: readonly unknown[]): asserts entityKeys is string[] {
  if (entityKeys.length === 0) throw new BadUserInputError('entities must not be empty');
  if (entityKeys.length > MAX_ONLINE_ENTITIES) {
    throw new BadUserInputError(
      `at most ${MAX_ONLINE_ENTITIES} entities per read, got ${entityKeys.length}`,
    );
  }
  if (!entityKeys.every(isKeyString)) {
    throw new BadUserInputError(`entity keys must be 1–128 character strings`);
  }
  for (const k of entityKeys) {
    const problem = idProblem(k);
    if (problem) throw new BadUserInputError(`entity key ${JSON.stringify(k)} ${problem}`);
  }
}

export interface OnlineColumn {
  /** The declared type of the values (the join key's: the entity's value type). */
  dtype: ValueType;
  values: FeatureValue[];
  statuses: FeatureStatus[];
  eventTimestamps: (Date | null)[];
}

export interface OnlineFeatures {
  featureNames: string[];
  columns: OnlineColumn[];
}

export async function readOnlineFeatures(
  online: OnlineStore,
  entity: Entity,
  refs: FeatureRef[],
  entityKeys: readonly string[],
  opts: { fullFeatureNames?: boolean; now?: Date } = {},
): Promise<OnlineFeatures> {
  checkEntityKeys(entityKeys);
  const now = (opts.now ?? new Date()).getTime();
  const featureNames = [entity.joinKey];
  const columns: OnlineColumn[] = [
    {
      dtype: entity.valueType,
      values: [...entityKeys],
      statuses: entityKeys.map(() => 'PRESENT'),
      eventTimestamps: entityKeys.map(() => null),
    },
  ];
  const perView = await Promise.all(refs.map((r) => online.read(r.view, entityKeys)));
  refs.forEach((ref, v) => {
    const rows = perView[v] ?? [];
    const ttlMs = ref.view.ttlSeconds * 1000;
    for (const f of ref.features) {
      featureNames.push(featureColumn(ref.view.name, f, opts.fullFeatureNames ?? false));
      const dtype = ref.view.schema.find((x) => x.name === f)?.dtype ?? 'string';
      const col: OnlineColumn = { dtype, values: [], statuses: [], eventTimestamps: [] };
      for (const row of rows) {
        if (!row) {
          col.values.push(null);
          col.statuses.push('NOT_FOUND');
          col.eventTimestamps.push(null);
          continue;
        }
        const expired = ttlMs > 0 && now - row.eventTimestamp.getTime() > ttlMs;
        const value = row.values[f] ?? null;
        col.values.push(expired ? null : value);
        col.statuses.push(expired ? 'OUTSIDE_MAX_AGE' : value === null ? 'NULL_VALUE' : 'PRESENT');
        col.eventTimestamps.push(row.eventTimestamp);
      }
      columns.push(col);
    }
  });
  return { featureNames, columns };
}
