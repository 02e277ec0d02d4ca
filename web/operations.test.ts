/**
 * Every GraphQL document the app sends is valid against the public API (schema/api.graphql):
 * a field renamed or removed from the API fails here, not in a user's browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import * as operations from './src/operations';

const api = buildSchema(
  fs.readFileSync(path.join(__dirname, '..', 'schema', 'api.graphql'), 'utf8'),
);
const documents = Object.entries(operations).filter(
  (e): e is [string, DocumentNode] => (e[1] as DocumentNode)?.kind === 'Document',
);

describe('web app operations', () => {
  it('has the documents the app uses', () => {
    expect(documents.map(([name]) => name).sort()).toEqual([
      'INBOX',
      'LOG_IN',
      'LOG_OUT',
      'ME',
      'MODELS',
      'RECEIVE_SMS',
      'REPORT_SPAM',
      'SIGN_UP',
      'VERDICTS',
    ]);
  });

  it.each(documents)('%s is valid against schema/api.graphql', (_name, doc) => {
    expect(validate(api, doc).map((e) => e.message)).toEqual([]);
  });

  it('a document the API cannot answer is caught', () => {
    const broken = JSON.parse(JSON.stringify(operations.INBOX).replace('"senderId"', '"sender"'));
    expect(validate(api, broken as DocumentNode).map((e) => e.message)).toEqual([
      'Cannot query field "sender" on type "Sms". Did you mean "senderId"?',
    ]);
  });
});
