/**
 * Which public collection a message of the shared dataset comes from, by its id: the dataset
 * merges the UCI SMS Spam Collection (ids `sms10001`–`sms15572`) and the YouTube Spam Collection
 * (`sms15573`–`sms17528`), and quality is reported for each part separately (they differ: short
 * texts with phone numbers vs comments with links).
 */

/** The parts of the dataset. */
export type DatasetPart = 'sms' | 'youtube';

const FIRST_SMS = 10_001;
const LAST_SMS = 15_572;
const LAST_YOUTUBE = 17_528;

/**
 * The part an id belongs to, or null for an id outside the dataset's numbering (users'
 * messages, fixtures).
 */
export function datasetPartOf(smsId: string): DatasetPart | null {
  const m = /^sms(\d{5})$/.exec(smsId);
  if (!m) return null;
  const n = Number(m[1]);
  if (n >= FIRST_SMS && n <= LAST_SMS) return 'sms';
  if (n > LAST_SMS && n <= LAST_YOUTUBE) return 'youtube';
  return null;
}
