import { useMutation } from 'urql';
import { describeError } from './errors';
import { REPORT_SPAM, type ReportData, type ReportVars, type UserVerdict } from './operations';

const SAID: Record<UserVerdict['label'], string> = {
  SPAM: 'You marked this as spam',
  HAM: 'You marked this as not spam',
};

/** The later of two verdicts by report time (another device may have reported since). */
function latest(a: UserVerdict | null, b: UserVerdict | undefined): UserVerdict | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b.reportedAt) > Date.parse(a.reportedAt) ? b : a;
}

/**
 * The user's own verdict on one of their messages, and the buttons that give it
 * (`reportSpam`: it becomes the message's label for training). A report shows at once, from
 * the mutation's answer; the inbox page names `SpamReport`, so the document cache refetches it
 * too, and a reload shows what the server keeps.
 */
export function YourVerdict({ smsId, verdict }: { smsId: string; verdict: UserVerdict | null }) {
  const [{ fetching, error, data }, report] = useMutation<ReportData, ReportVars>(REPORT_SPAM);
  const shown = latest(verdict, data?.reportSpam);
  const button = (label: UserVerdict['label'], text: string) => (
    <button
      type="button"
      aria-pressed={shown?.label === label}
      // Reporting the verdict that stands again would only add a row to the history.
      disabled={fetching || shown?.label === label}
      onClick={() => void report({ smsId, label })}
    >
      {text}
    </button>
  );
  return (
    <div className="feedback">
      {shown && (
        <span className={`your-verdict ${shown.label.toLowerCase()}`} aria-label="Your verdict">
          {SAID[shown.label]}
        </span>
      )}
      {button('SPAM', 'Mark as spam')}
      {button('HAM', 'Not spam')}
      {error && (
        <p role="alert" className="error">
          Your verdict was not saved: {describeError(error)}
        </p>
      )}
    </div>
  );
}
