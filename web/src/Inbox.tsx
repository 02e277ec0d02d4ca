import { useCallback, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { describeError } from './errors';
import {
  INBOX,
  VERDICTS,
  type InboxData,
  type InboxNode,
  type InboxVars,
  type ModelVersion,
  type Verdict,
  type VerdictsData,
  type VerdictsVars,
} from './operations';
import { useRefresh } from './useRefresh';
import { YourVerdict } from './YourVerdict';

/** Messages per page. */
export const PAGE_SIZE = 20;

// An empty inbox holds no `Sms`, so the document cache would not know that a received
// message concerns it: name the type, so every `Sms` mutation refetches the page.
const SMS_QUERY_CONTEXT = { additionalTypenames: ['Sms'] };
// The page also shows the user's own verdicts: a `reportSpam` (a `SpamReport`) refetches it,
// even when no message of the page had a verdict yet (the models' verdicts stay cached).
const INBOX_QUERY_CONTEXT = { additionalTypenames: ['Sms', 'SpamReport'] };

/** How often the newest page looks for new messages. */
export const REFRESH_MS = 5_000;

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function VerdictBadge({ verdict, loading }: { verdict?: Verdict | null; loading: boolean }) {
  if (!verdict) {
    return (
      <span className="badge pending" aria-label="verdict">
        {loading ? 'checking…' : '—'}
      </span>
    );
  }
  const pct = Math.round(verdict.spamProbability * 100);
  return (
    <span
      className={`badge ${verdict.label.toLowerCase()}`}
      aria-label="verdict"
      title={`spam probability ${verdict.spamProbability.toFixed(3)}${verdict.fromCache ? ' (cached)' : ''}`}
    >
      {verdict.label === 'SPAM' ? 'Spam' : 'Not spam'} · {pct}%
    </span>
  );
}

/** One message: who sent it and when, the model's verdict, the text and the user's own. */
function Message({
  node,
  verdict,
  loading,
}: {
  node: InboxNode;
  verdict?: Verdict | null;
  loading: boolean;
}) {
  return (
    <li className={verdict?.label === 'SPAM' ? 'message spam' : 'message'}>
      <div className="meta">
        <span className="sender">{node.senderId}</span>
        <time dateTime={node.receivedAt}>{time.format(new Date(node.receivedAt))}</time>
        <VerdictBadge verdict={verdict} loading={loading} />
      </div>
      <p className="text">{node.text}</p>
      <YourVerdict smsId={node.smsId} verdict={node.userVerdict} />
    </li>
  );
}

/** One page of the inbox (after `after`), with each message's verdict from `version`. */
function InboxPage({
  user,
  version,
  after,
  onOlder,
}: {
  user: string;
  version: ModelVersion;
  after: string | null;
  /** Present on the last page shown: asks for the page after this one. */
  onOlder?: (cursor: string) => void;
}) {
  const vars: InboxVars = { userId: user, first: PAGE_SIZE, after };
  const [page, refetchPage] = useQuery<InboxData, InboxVars>({
    query: INBOX,
    variables: vars,
    context: INBOX_QUERY_CONTEXT,
  });
  // Only the newest page can gain messages.
  const refresh = useCallback(() => refetchPage({ requestPolicy: 'network-only' }), [refetchPage]);
  useRefresh(refresh, REFRESH_MS, after === null);
  const [verdicts, refetchVerdicts] = useQuery<VerdictsData, VerdictsVars>({
    query: VERDICTS,
    variables: { ...vars, version },
    context: SMS_QUERY_CONTEXT,
  });
  // A refresh that brought new messages: score the page again (queries, unlike mutations,
  // do not invalidate each other in the document cache).
  const pageIds = page.data?.inbox.edges.map((e) => e.node.smsId).join();
  const verdictIds = verdicts.data?.inbox.edges.map((e) => e.node.smsId).join();
  useEffect(() => {
    if (pageIds !== undefined && verdictIds !== undefined && pageIds !== verdictIds) {
      if (!verdicts.fetching) refetchVerdicts({ requestPolicy: 'network-only' });
    }
  }, [pageIds, verdictIds, verdicts.fetching, refetchVerdicts]);
  if (page.error && !page.data) {
    return (
      <p role="alert" className="error">
        {describeError(page.error)}
      </p>
    );
  }
  if (!page.data) return <p className="note">Loading…</p>;
  const bySms = new Map(
    verdicts.data?.inbox.edges.map((e) => [e.node.smsId, e.node.spamPrediction]) ?? [],
  );
  const { edges, pageInfo } = page.data.inbox;
  return (
    <>
      {/* The messages came, some fields did not (e.g. the user's verdicts). */}
      {page.error && (
        <p role="alert" className="error">
          Some of this page is missing: {describeError(page.error)}
        </p>
      )}
      {verdicts.error && (
        <p role="alert" className="error">
          Verdicts unavailable: {describeError(verdicts.error)}
        </p>
      )}
      {after === null && edges.length === 0 && (
        <p className="note">No messages yet. Send one below.</p>
      )}
      {edges.map(({ node }) => (
        <Message
          key={node.smsId}
          node={node}
          verdict={bySms.get(node.smsId)}
          loading={verdicts.fetching}
        />
      ))}
      {onOlder && pageInfo.hasNextPage && pageInfo.endCursor && (
        <li className="more">
          <button type="button" onClick={() => onOlder(pageInfo.endCursor!)}>
            Older messages
          </button>
        </li>
      )}
    </>
  );
}

/** The user's inbox, newest first, a page at a time. */
export function Inbox({ user, version }: { user: string; version: ModelVersion }) {
  // Cursors of the pages shown: null is the newest page.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <ol className="inbox" aria-label="Inbox">
      {cursors.map((after, i) => (
        <InboxPage
          key={after ?? 'first'}
          user={user}
          version={version}
          after={after}
          onOlder={i === cursors.length - 1 ? (c) => setCursors((cs) => [...cs, c]) : undefined}
        />
      ))}
    </ol>
  );
}
