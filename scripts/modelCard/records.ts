/**
 * The training records the card is made of: `metadata.json` of every committed artifact, in
 * version order, checked to be measured on one and the same test split.
 */
import {
  availableVersions,
  loadMetadata,
  modelEntry,
  type Classifier,
  type ModelMetadata,
  type ModelVersion,
} from '../../models';

/**
 * Every available version's training record.
 *
 * @throws Error when two records were not tested on the same split (other rows, fraction or
 *   seed): one table could not compare them.
 */
export async function loadRecords(): Promise<ModelMetadata[]> {
  const records: ModelMetadata[] = [];
  for (const v of availableVersions()) {
    const entry = modelEntry(v);
    const hint = `train it with \`npx spamgraph models train ${v.toLowerCase()}\``;
    records.push(await loadMetadata(entry.artifactDir, hint));
  }
  const splitOf = (m: ModelMetadata) =>
    JSON.stringify([m.data.spam, m.data.ham, m.split.testFraction, m.split.nTest, m.seed]);
  const odd = records.find((m) => splitOf(m) !== splitOf(records[0]!));
  if (odd) {
    throw new Error(
      `${odd.version} was tested on another split than ${records[0]!.version} (rows, fraction or seed differ): the card compares versions on one test split`,
    );
  }
  return records;
}

/** Loads every version's committed artifact (V2/V3 bring TensorFlow.js), in version order. */
export async function loadClassifiers(
  versions: readonly ModelVersion[],
): Promise<Map<ModelVersion, Classifier>> {
  const out = new Map<ModelVersion, Classifier>();
  for (const v of versions) out.set(v, await modelEntry(v).load());
  return out;
}
