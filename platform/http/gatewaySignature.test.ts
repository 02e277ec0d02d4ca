/**
 * A GraphQL service built with a signer accepts only requests the gateway signed over their
 * exact body, and hands the signed principal to the context; a direct call is a 401.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ANONYMOUS, type Principal } from '../auth/principal';
import { RequestSigner, SIGNATURE_HEADER } from '../auth/requestSignature';
import { createLogger } from '../logger';
import { createGraphQLService } from './graphqlService';
import { listen } from './listen';

const SECRET = 'a-gateway-secret-of-at-least-32-bytes!!';

describe('gateway signatures on a GraphQL service', () => {
  const signer = new RequestSigner(SECRET);
  let url = '';
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse('type Query { whoami: String! }'),
      resolvers: {
        Query: {
          whoami: (_p: unknown, _a: unknown, context: unknown) => {
            const ctx = context as { principal: Principal; address: string };
            const who = ctx.principal.kind === 'anonymous' ? 'nobody' : ctx.principal.name;
            return `${who}@${ctx.address}`;
          },
        },
      },
    });
    const service = await createGraphQLService({
      name: 'probe',
      schema,
      logger: createLogger('probe', 'silent'),
      context: async (_req, caller) => ({
        principal: caller.principal,
        address: caller.clientAddress,
      }),
      health: async () => {},
      signer,
    });
    const server = await listen(service.app, 0);
    url = `${server.url}/graphql`;
    close = async () => {
      await server.drain(1000);
      await service.stop();
    };
  });
  afterAll(() => close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const body = JSON.stringify({ query: '{ whoami }' });

  it('answers a signed request with the signed principal and address', async () => {
    const alice = {
      kind: 'user' as const,
      id: 'u1',
      name: 'alice',
      role: 'user' as const,
      sessionId: 's',
    };
    const sig = await signer.sign({ principal: alice, clientAddress: '203.0.113.9' }, body);
    const res = await post(body, { [SIGNATURE_HEADER]: sig });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { whoami: 'alice@203.0.113.9' } });
    const anon = await signer.sign({ principal: ANONYMOUS, clientAddress: '::1' }, body);
    expect(await (await post(body, { [SIGNATURE_HEADER]: anon })).json()).toEqual({
      data: { whoami: 'nobody@::1' },
    });
  });

  it('refuses a direct call, a signature for another body, a forged one, and GET', async () => {
    const unauthenticated = (message: string) => ({
      errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const direct = await post(body);
    expect(direct.status).toBe(401);
    expect(await direct.json()).toEqual(unauthenticated('only the gateway may call this service'));
    const other = JSON.stringify({ query: '{ __typename }' });
    const sig = await signer.sign({ principal: ANONYMOUS, clientAddress: '::1' }, other);
    const swapped = await post(body, { [SIGNATURE_HEADER]: sig });
    expect(swapped.status).toBe(401);
    expect(await swapped.json()).toEqual(unauthenticated('invalid gateway signature'));
    const forged = await new RequestSigner('another-secret-of-at-least-32-bytes!!').sign(
      { principal: ANONYMOUS, clientAddress: '::1' },
      body,
    );
    expect((await post(body, { [SIGNATURE_HEADER]: forged })).status).toBe(401);
    const entities = JSON.stringify({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      variables: { r: [] },
    });
    expect((await post(entities)).status).toBe(401);
    const get = await fetch(`${url}?query=${encodeURIComponent('{ whoami }')}`);
    expect(get.status).toBe(405);
  });
});
