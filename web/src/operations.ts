/**
 * The app's GraphQL operations and the shapes they return. Names and fields are the public
 * API (schema/api.graphql); `schema:check` guards that they keep existing.
 */
import { gql } from '@urql/core';

export type ModelVersion = 'V1' | 'V2' | 'V3' | 'V4';

export interface ModelsData {
  models: { version: ModelVersion; enabled: boolean; champion: boolean }[];
}
export const MODELS = gql`
  query Models {
    models {
      version
      enabled
      champion
    }
  }
`;

export interface Verdict {
  label: 'SPAM' | 'HAM';
  spamProbability: number;
  fromCache: boolean;
}
export interface InboxMessage {
  smsId: string;
  senderId: string;
  text: string;
  receivedAt: string;
}
/** The user's own verdict on a message (`reportSpam`). */
export interface UserVerdict {
  label: 'SPAM' | 'HAM';
  reportedAt: string;
}
/** A message of the inbox page, with the user's own verdict (null: never reported). */
export interface InboxNode extends InboxMessage {
  userVerdict: UserVerdict | null;
}
export interface InboxData {
  inbox: {
    edges: { cursor: string; node: InboxNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
export interface InboxVars {
  userId: string;
  first: number;
  after?: string | null;
}
/**
 * One page of the inbox with the user's own verdicts (one online read for the page); the
 * models' verdicts are a separate query so a slow model never blocks it.
 */
export const INBOX = gql`
  query Inbox($userId: ID!, $first: Int!, $after: String) {
    inbox(userId: $userId, first: $first, after: $after) {
      edges {
        cursor
        node {
          smsId
          senderId
          text
          receivedAt
          userVerdict {
            label
            reportedAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface VerdictsData {
  inbox: {
    edges: { node: { smsId: string; spamPrediction: Verdict | null } }[];
  };
}
export interface VerdictsVars extends InboxVars {
  version: ModelVersion;
}
/**
 * The same page's verdicts for one model version: the model subgraph scores the whole page
 * in one batch.
 */
export const VERDICTS = gql`
  query Verdicts($userId: ID!, $first: Int!, $after: String, $version: ModelVersion!) {
    inbox(userId: $userId, first: $first, after: $after) {
      edges {
        node {
          smsId
          spamPrediction(version: $version) {
            label
            spamProbability
            fromCache
          }
        }
      }
    }
  }
`;

export interface ReceiveData {
  receiveSms: { featuresStored: boolean; replayed: boolean; sms: InboxMessage };
}
export interface ReceiveVars {
  input: { recipientId: string; senderId: string; text: string; idempotencyKey: string };
}
export const RECEIVE_SMS = gql`
  mutation ReceiveSms($input: ReceiveSmsInput!) {
    receiveSms(input: $input) {
      featuresStored
      replayed
      sms {
        smsId
        senderId
        text
        receivedAt
      }
    }
  }
`;

export interface ReportData {
  reportSpam: { smsId: string } & UserVerdict;
}
export interface ReportVars {
  smsId: string;
  label: UserVerdict['label'];
}
/**
 * The user's verdict on one of their messages. It returns a `SpamReport`, which the inbox
 * query names (`additionalTypenames`), so the document cache refetches the page.
 */
export const REPORT_SPAM = gql`
  mutation ReportSpam($smsId: ID!, $label: SpamLabel!) {
    reportSpam(smsId: $smsId, label: $label) {
      smsId
      label
      reportedAt
    }
  }
`;

export interface Account {
  id: string;
  name: string;
}
export interface MeData {
  me: Account | null;
}
/** Who the session cookie belongs to (null: nobody is signed in). */
export const ME = gql`
  query Me {
    me {
      id
      name
    }
  }
`;

export interface AuthVars {
  input: { name: string; password: string };
}
/** What `logIn` and `signUp` return; in cookie mode `token` is null (the cookie holds it). */
export interface AuthPayload {
  account: Account;
  token: string | null;
  expiresAt: string;
}
export interface LogInData {
  logIn: AuthPayload;
}
export interface SignUpData {
  signUp: AuthPayload;
}
// `token` must be asked for: the gateway moves it into the httpOnly session cookie (the app
// sends `X-Session-Cookie: 1`) and answers token: null.
const SESSION = gql`
  fragment Session on AuthPayload {
    account {
      id
      name
    }
    token
    expiresAt
  }
`;
export const LOG_IN = gql`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      ...Session
    }
  }
  ${SESSION}
`;
export const SIGN_UP = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...Session
    }
  }
  ${SESSION}
`;
/** Ends the session; the gateway clears the cookie. */
export const LOG_OUT = gql`
  mutation LogOut {
    logOut
  }
`;
