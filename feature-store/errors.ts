/**
 * The feature store's own "not found" errors. Each is a NOT_FOUND (GraphQL, CLI) that also
 * names its Feast exception and the HTTP status Feast's server answers with, so the Feast REST
 * API can send the error body Feast's SDK turns back into that exception
 * (`FeastError.from_error_detail`).
 */
import { NotFoundError } from '../platform/errors';

/** The Feast exception (in `feast.errors`) an error stands for, and Feast's HTTP status. */
export interface FeastErrorKind {
  class: string;
  status: number;
}

/** A NOT_FOUND error with its Feast counterpart. */
export class FeastNotFoundError extends NotFoundError {
  constructor(
    message: string,
    readonly feast: FeastErrorKind,
  ) {
    super(message);
  }
}

const known = (names: readonly string[]) => names.join(', ') || 'none';

/** No feature view by that name (Feast: `FeatureViewNotFoundException`, 404). */
export class FeatureViewNotFoundError extends FeastNotFoundError {
  constructor(name: string, views: readonly string[]) {
    super(`unknown feature view "${name}"; known: ${known(views)}`, {
      class: 'FeatureViewNotFoundException',
      status: 404,
    });
  }
}

/** No feature service by that name (Feast: `FeatureServiceNotFoundException`, 404). */
export class FeatureServiceNotFoundError extends FeastNotFoundError {
  constructor(name: string, services: readonly string[]) {
    super(`unknown feature service "${name}"; known: ${known(services)}`, {
      class: 'FeatureServiceNotFoundException',
      status: 404,
    });
  }
}

/** No push source by that name (Feast: `PushSourceNotFoundException`, 422). */
export class PushSourceNotFoundError extends FeastNotFoundError {
  constructor(name: string, sources: readonly string[]) {
    super(`unknown push source "${name}"; known: ${known(sources)}`, {
      class: 'PushSourceNotFoundException',
      status: 422,
    });
  }
}
