/** Users' verdicts as GraphQL shows them (`SpamLabel` is the upper-case form of a label). */
import type { SpamLabel as Label, SpamReport as Report } from '../../../models';
import type { SpamLabel, SpamReport } from '../generated/resolvers-types';

export const labelOf = (l: SpamLabel): Label => (l === 'SPAM' ? 'spam' : 'ham');

export const spamReportOf = (r: Report): SpamReport => ({
  smsId: r.smsId,
  label: r.label === 'spam' ? 'SPAM' : 'HAM',
  reportedAt: r.reportedAt,
});
