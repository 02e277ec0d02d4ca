/**
 * Messages → feature rows: the one place where a message's text becomes the rows of a feature
 * service's view. Ingestion (on arrival and in the backfill), serving's write-through and
 * `fs create-sources` all call {@link messageRows}, so what is stored online and offline
 * cannot drift between paths. Views, feature names and push sources come from the repo's
 * definitions; there is one extractor per feature service.
 */
import type { FeatureRow, FeatureService, FeatureValue, FeatureView } from '../../feature-store';
import { NotFoundError } from '../../platform/errors';
import {
  DEFAULT_TOKENIZER_PATH,
  FEATURES_V1_NAMES,
  extractV1,
  extractV2,
  extractV3,
  loadTokenizer,
  type Tokenizer,
} from '../features';
import {
  labeledSms1,
  labeledSms2,
  labeledSms3,
  smsFeatures1,
  smsFeatures2,
  smsFeatures3,
} from './definitions';

/** A message whose features are wanted. */
export interface MessageText {
  smsId: string;
  /** Already validated by the caller (the extractors accept any string). */
  text: string;
  /** The rows' event time. */
  eventTimestamp: Date;
  /** When the row was written (breaks offline ties); left out of the row when undefined. */
  created?: Date;
}

/** The view that holds a feature service's features computed from text. */
export interface TextFeatureView {
  service: string;
  view: FeatureView;
  /** The view's feature names, in schema order. */
  features: readonly string[];
  /** The push source feeding the view, if any. */
  pushSource: string | undefined;
}

/** The rows of a feature service's text view for some messages, in message order. */
export interface MessageRows extends TextFeatureView {
  rows: FeatureRow[];
}

/** One text → the values of one view's features, by name. */
type Extract = (text: string) => Record<string, FeatureValue>;

/** How one feature service's view is computed from text. */
interface TextBinding {
  service: FeatureService;
  view: FeatureView;
  usesTokenizer: boolean;
  /** Builds the extractor; `tokenizer()` gives the loaded v2 tokenizer. */
  extractor(tokenizer: () => Tokenizer): Extract;
}

/** v1: `extractV1`'s values under the view's schema names (checked to be in the same order). */
function v1Extractor(view: FeatureView): Extract {
  const names = view.schema.map((f) => f.name);
  if (names.join() !== FEATURES_V1_NAMES.join()) {
    throw new Error(`${view.name} schema (${names.join()}) is not the v1 vector order`);
  }
  return (text) => {
    const values = extractV1(text);
    return Object.fromEntries(names.map((n, i) => [n, values[i] as number]));
  };
}

/** v2: the token ids, as the view's single list feature. */
function v2Extractor(view: FeatureView, tokenizer: Tokenizer): Extract {
  const [field, ...others] = view.schema;
  if (!field || others.length > 0) throw new Error(`${view.name} must hold one list feature`);
  return (text) => ({ [field.name]: extractV2(tokenizer, text) });
}

/** v3: the sparse vector, as the view's index list and value list (in that schema order). */
function v3Extractor(view: FeatureView): Extract {
  const [indices, values, ...others] = view.schema;
  if (indices?.dtype !== 'int64_list' || values?.dtype !== 'float64_list' || others.length > 0) {
    throw new Error(`${view.name} must hold an int64 index list and a float64 value list`);
  }
  return (text) => {
    const v = extractV3(text);
    return { [indices.name]: v.indices, [values.name]: v.values };
  };
}

const BINDINGS: readonly TextBinding[] = [
  {
    service: labeledSms1,
    view: smsFeatures1,
    usesTokenizer: false,
    extractor: () => v1Extractor(smsFeatures1),
  },
  {
    service: labeledSms2,
    view: smsFeatures2,
    usesTokenizer: true,
    extractor: (tokenizer) => v2Extractor(smsFeatures2, tokenizer()),
  },
  {
    service: labeledSms3,
    view: smsFeatures3,
    usesTokenizer: false,
    extractor: () => v3Extractor(smsFeatures3),
  },
];

/** The feature services whose features are computed from a message's text, v1 first. */
export const TEXT_FEATURE_SERVICES: readonly string[] = BINDINGS.map((b) => b.service.name);

function bindingOf(service: string): TextBinding {
  const binding = BINDINGS.find((b) => b.service.name === service);
  if (!binding) {
    throw new NotFoundError(
      `feature service "${service}" has no features computed from text (known: ${TEXT_FEATURE_SERVICES.join(', ')})`,
      { service },
    );
  }
  return binding;
}

/**
 * The view holding `service`'s features computed from text.
 *
 * @throws NotFoundError for a service that has none.
 */
export function textFeatureView(service: string): TextFeatureView {
  const { view } = bindingOf(service);
  return {
    service,
    view,
    features: view.schema.map((f) => f.name),
    pushSource: view.source.kind === 'push_source' ? view.source.name : undefined,
  };
}

/**
 * The extractors of the text feature services, built once per process: they hold the fitted
 * v2 tokenizer, loaded once (not per call or message).
 */
export class FeatureExtractors {
  private readonly built = new Map<string, Extract>();

  /** @param tokenizer - the v2 tokenizer; null when no service that needs it will be used */
  constructor(private readonly tokenizer: Tokenizer | null) {}

  /**
   * Loads the v2 tokenizer (`models/artifacts/tokenizer-v2.json` by default) when one of
   * `services` (default: all of {@link TEXT_FEATURE_SERVICES}) needs it; unknown names are
   * left for {@link messageRows} to reject.
   *
   * @throws NotFoundError or BadUserInputError from {@link loadTokenizer}.
   */
  static async load(
    opts: { services?: readonly string[]; tokenizerPath?: string } = {},
  ): Promise<FeatureExtractors> {
    const services = opts.services ?? TEXT_FEATURE_SERVICES;
    const needed = BINDINGS.some((b) => b.usesTokenizer && services.includes(b.service.name));
    const path = opts.tokenizerPath ?? DEFAULT_TOKENIZER_PATH;
    return new FeatureExtractors(needed ? await loadTokenizer(path) : null);
  }

  /**
   * The extractor of `service`, built on first use.
   *
   * @throws NotFoundError for an unknown service, or one needing the tokenizer when none
   *   was loaded.
   */
  extractor(service: string): Extract {
    const known = this.built.get(service);
    if (known) return known;
    const binding = bindingOf(service);
    const extract = binding.extractor(() => {
      if (!this.tokenizer) {
        throw new NotFoundError(`feature service ${service} needs the v2 tokenizer: none loaded`, {
          service,
        });
      }
      return this.tokenizer;
    });
    this.built.set(service, extract);
    return extract;
  }
}

/**
 * The rows of `service`'s text view for `messages`: one row per message, keyed by its sms id,
 * stamped with its event time (and `created` when given), the values from the service's
 * extractor.
 *
 * @throws NotFoundError for a service without features computed from text.
 */
export function messageRows(
  service: string,
  messages: readonly MessageText[],
  extractors: FeatureExtractors,
): MessageRows {
  const extract = extractors.extractor(service);
  return {
    ...textFeatureView(service),
    rows: messages.map((m) => ({
      entityKey: m.smsId,
      eventTimestamp: m.eventTimestamp,
      ...(m.created && { created: m.created }),
      values: extract(m.text),
    })),
  };
}
