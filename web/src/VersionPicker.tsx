import { useQuery } from 'urql';
import { MODELS, type ModelVersion, type ModelsData } from './operations';

const LABELS: Record<ModelVersion, string> = {
  V1: 'V1 — random forest',
  V2: 'V2 — small LSTM',
  V3: 'V3 — larger LSTM',
  V4: 'V4 — n-gram linear model',
};

/** The model versions this deployment serves (`SPAM_MODEL_VERSIONS`); disabled ones are not offered. */
export function VersionPicker({
  value,
  onChange,
}: {
  value: ModelVersion;
  onChange: (v: ModelVersion) => void;
}) {
  const [{ data }] = useQuery<ModelsData>({ query: MODELS });
  const enabled = data?.models.filter((m) => m.enabled).map((m) => m.version) ?? [value];
  return (
    <label className="picker">
      Model{' '}
      <select
        name="version"
        value={value}
        onChange={(e) => onChange(e.target.value as ModelVersion)}
      >
        {enabled.map((v) => (
          <option key={v} value={v}>
            {LABELS[v]}
          </option>
        ))}
      </select>
    </label>
  );
}
