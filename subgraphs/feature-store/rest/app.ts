/**
 * The Feast-compatible feature server (Feast's `feast serve` REST API) over a FeatureStore:
 * an express app that never listens (the subgraph's index.ts runs it on FEATURE_SERVER_PORT).
 */
import express from 'express';
import type { FeatureStore } from '../../../feature-store';
import type { AccountService } from '../../../platform/auth/accountService';
import { requireBearer } from '../../../platform/http/bearerAuth';
import { healthHandler } from '../../../platform/http/graphqlService';
import type { Logger } from '../../../platform/logger';
import { requireJson } from './contentType';
import { errorHandler, notFoundHandler } from './errors';
import { exactJsonBody } from './exactJsonBody';
import {
  getOnlineFeatures,
  materialize,
  materializeIncremental,
  push,
  writeToOnlineStore,
} from './handlers';

/** Largest request body accepted, in bytes (a push of 10,000 rows of 30-id vectors fits). */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export const FEATURE_SERVER_NAME = 'feature-server';

const ROUTES = [
  'GET /health',
  'POST /get-online-features',
  'POST /push',
  'POST /write-to-online-store',
  'POST /materialize',
  'POST /materialize-incremental',
] as const;

export interface FeatureServerOptions {
  logger: Logger;
  /** Resolves when storage answers (what `/health` reports). */
  health: () => Promise<void>;
  /** Checks the `Authorization: Bearer` credential of every route but `/health`. */
  accounts: AccountService;
}

/** Builds the REST app. */
export function createFeatureServer(
  store: FeatureStore,
  opts: FeatureServerOptions,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', healthHandler(FEATURE_SERVER_NAME, opts.health));
  // JSON only, declared as such (a cross-site form cannot send it): see contentType.ts.
  const json = [requireJson, ...exactJsonBody(BODY_LIMIT_BYTES)];
  // Reads: any principal with a token or key (Feast's SDK: `auth: {type: oidc,
  // token_env_var: …}` sends it as Bearer). Writes: admins. Checked before the body is read.
  const reader = requireBearer(opts.accounts, 'user', 'ingest', 'admin');
  const writer = requireBearer(opts.accounts, 'admin');
  app.post('/get-online-features', reader, ...json, getOnlineFeatures(store));
  app.post('/push', writer, ...json, push(store));
  app.post('/write-to-online-store', writer, ...json, writeToOnlineStore(store));
  app.post('/materialize', writer, ...json, materialize(store));
  app.post('/materialize-incremental', writer, ...json, materializeIncremental(store));
  app.use(notFoundHandler(ROUTES));
  app.use(errorHandler(opts.logger, `${BODY_LIMIT_BYTES / 1024 / 1024} MB`));
  return app;
}
