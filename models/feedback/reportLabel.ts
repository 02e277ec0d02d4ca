/**
 * Users' verdicts as labels (`reportSpam`): a report becomes one row of the `sms_labels` view,
 * pushed through `sms_labels_push` with the time of the report as its event time — online, so
 * the newest report is the message's label, and offline, so training as of a time sees exactly
 * the verdict that stood then.
 *
 * @remarks
 * Messages that arrive through the inbox have ids the server made (TIMEUUIDs), which no
 * imported dataset uses: a label on such an id can only be a report on that message.
 */
import {
  MAX_ONLINE_ENTITIES,
  batchSourceOf,
  type FeatureStore,
  type FeatureValue,
} from '../../feature-store';
import { NotFoundError, StorageUnavailableError } from '../../platform/errors';
import { labelsPush, sms, smsLabels } from '../featureRepo/definitions';
import type { SpamLabel } from '../versions';

/** One user's verdict on one message. */
export interface SpamReport {
  smsId: string;
  label: SpamLabel;
  /** When it was reported: the label's event time. */
  reportedAt: Date;
}

/** The `sms_labels:label` value of each verdict (the dataset's convention). */
export const LABEL_VALUES: Readonly<Record<SpamLabel, 0 | 1>> = { spam: 1, ham: 0 };

const LABEL_FEATURE = 'label';
const LABEL_REF = `${smsLabels.name}:${LABEL_FEATURE}`;

/**
 * The push row of a report: `{sms_id, event_timestamp, created, label}`, both times the
 * moment of the report (ISO-8601).
 */
export function labelRowOf(report: SpamReport): Record<string, unknown> {
  const at = report.reportedAt.toISOString();
  return {
    [sms.joinKey]: report.smsId,
    [batchSourceOf(smsLabels).timestampField]: at,
    created: at,
    [LABEL_FEATURE]: LABEL_VALUES[report.label],
  };
}

/** The verdict a stored label value stands for. */
export function labelOfValue(value: FeatureValue, smsId: string): SpamLabel {
  if (value === LABEL_VALUES.spam) return 'spam';
  if (value === LABEL_VALUES.ham) return 'ham';
  throw new Error(`${LABEL_REF} of ${smsId} is ${JSON.stringify(value)}, expected 0 or 1`);
}

/**
 * Checks that the registered repo has the push source of reports: a store that cannot take a
 * report now (never applied, or applied before reports existed) is STORAGE_UNAVAILABLE.
 */
async function requireReportSource(store: Pick<FeatureStore, 'registered'>): Promise<void> {
  const repo = await store.registered().catch((e: unknown) => {
    if (e instanceof NotFoundError) {
      throw new StorageUnavailableError(`the feature store cannot take reports: ${e.message}`, e);
    }
    throw e;
  });
  const fed = repo.featureViews.some(
    (v) => v.source.kind === 'push_source' && v.source.name === labelsPush.name,
  );
  if (!fed) {
    throw new StorageUnavailableError(
      `the feature store cannot take reports: push source ${labelsPush.name} is not registered ` +
        '(run `npx spamgraph fs apply`)',
    );
  }
}

/**
 * Stores a report as the message's label: online (the newest report wins; an older one stays
 * out) and appended to the offline history, which keeps every report.
 *
 * @remarks
 * Two pushes of the one row, online first: when the storage backend is down nothing is
 * written, and the offline half (a local journal, one Parquet part per flush like arriving
 * messages' features; visible to offline reads after the next flush, at most 5 s) never holds
 * a report the online store refused.
 *
 * @throws StorageUnavailableError when the feature store cannot be written or is not set up.
 */
export async function reportLabel(
  store: Pick<FeatureStore, 'push' | 'registered'>,
  report: SpamReport,
): Promise<void> {
  await requireReportSource(store);
  const rows = [labelRowOf(report)];
  await store.push(labelsPush.name, rows, 'online');
  try {
    await store.push(labelsPush.name, rows, 'offline', { bufferOffline: true });
  } catch (e) {
    throw new StorageUnavailableError(
      `the report on ${report.smsId} is online but its offline history could not be written ` +
        `(report again to keep it for training): ${(e as Error).message}`,
      e,
    );
  }
}

/**
 * The reported verdict of each message (null where none): one online read of
 * `sms_labels:label` per {@link MAX_ONLINE_ENTITIES} ids; `reportedAt` is the label's event
 * time.
 *
 * @throws StorageUnavailableError when the feature store cannot be read or is not set up.
 */
export async function readReports(
  store: Pick<FeatureStore, 'getOnlineFeatures'>,
  smsIds: readonly string[],
): Promise<(SpamReport | null)[]> {
  const out: (SpamReport | null)[] = [];
  for (let i = 0; i < smsIds.length; i += MAX_ONLINE_ENTITIES) {
    out.push(...(await readSome(store, smsIds.slice(i, i + MAX_ONLINE_ENTITIES))));
  }
  return out;
}

async function readSome(
  store: Pick<FeatureStore, 'getOnlineFeatures'>,
  smsIds: readonly string[],
): Promise<(SpamReport | null)[]> {
  const online = await store
    .getOnlineFeatures({ features: [LABEL_REF], entities: smsIds })
    .catch((e: unknown) => {
      if (e instanceof NotFoundError) {
        throw new StorageUnavailableError(`the feature store cannot be read: ${e.message}`, e);
      }
      throw e;
    });
  const column = online.columns[1];
  if (!column) throw new Error(`the online read of ${LABEL_REF} returned no column`);
  return smsIds.map((smsId, j) => {
    const reportedAt = column.eventTimestamps[j];
    if (column.statuses[j] !== 'PRESENT' || !reportedAt) return null;
    return { smsId, label: labelOfValue(column.values[j] ?? null, smsId), reportedAt };
  });
}
