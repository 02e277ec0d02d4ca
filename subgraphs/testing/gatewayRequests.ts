/**
 * Requests the gateway's limit tests send: raw POSTs that keep the HTTP status, the refusal
 * shape they expect, and extra gateways (other limits, other subgraph URLs) over a running
 * stack's subgraphs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createGateway, type GatewayOptions } from '../../gateway/server';
import { REPO_ROOT } from '../../platform/config';
import type { ErrorCode } from '../../platform/errors';
import { listen } from '../../platform/http/listen';
import { createLogger } from '../../platform/logger';
import type { TestStack } from './stack';

/** An answer: HTTP status and parsed JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * POSTs `body` (JSON-encoded unless a string) to `url`; headers added to the JSON content type
 * (an empty one is left out: `{authorization: ''}` sends no credentials).
 */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const sent = Object.entries({ 'content-type': 'application/json', ...headers }).filter(
    ([, v]) => v !== '',
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: Object.fromEntries(sent),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The whole body of a refusal with `code`. */
export const refused = (
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
) => ({
  errors: [{ message, extensions: { ...details, code } }],
});

/** `receiveSms` of `text` to `recipientId`. */
export const RECEIVE = `mutation R($input: ReceiveSmsInput!) { receiveSms(input: $input) { sms { text } } }`;

/** Sends {@link RECEIVE} to the gateway at `url`. */
export const receive = (url: string, to: string, text: string, headers?: Record<string, string>) =>
  post(
    url,
    { query: RECEIVE, variables: { input: { recipientId: to, senderId: 's', text } } },
    headers,
  );

/** A gateway of its own, listening on a free port. */
export interface ExtraGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * Another gateway over `stack`'s subgraphs (`subgraphUrls` replaces some of them), with the
 * given options (limits not given come from the environment, as in production).
 */
export async function extraGateway(
  stack: TestStack,
  opts: Partial<GatewayOptions> = {},
): Promise<ExtraGateway> {
  const gw = await createGateway({
    supergraphSdl: fs.readFileSync(path.join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    logger: createLogger('test', 'silent'),
    accounts: stack.accounts,
    signer: stack.signer,
    ...opts,
    subgraphUrls: { ...stack.subgraphUrls, ...opts.subgraphUrls },
  });
  const server = await listen(gw.app, 0);
  return {
    url: server.url,
    async close() {
      await server.close();
      await gw.stop();
    },
  };
}
