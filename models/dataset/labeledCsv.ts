/**
 * The labeled SMS CSV (`sms_id,text,label`): strict validation with line numbers, so a bad
 * file is reported whole and nothing half-imported is ever written.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { MAX_TEXT_LENGTH } from '../../platform/storage/inbox/smsInput';
import type { SpamLabel } from '../versions';

/** One valid row. */
export interface LabeledSms {
  smsId: string;
  text: string;
  label: SpamLabel;
}

/** A problem, with the 1-based line where its record starts. */
export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvValidation {
  rows: LabeledSms[];
  problems: CsvProblem[];
}

export const EXPECTED_HEADER = ['sms_id', 'text', 'label'] as const;
const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Parses and validates a labeled CSV: header exactly `sms_id,text,label`, three columns per
 * row, ids unique and made of `[A-Za-z0-9_.:-]` (1–64), text non-blank and at most
 * {@link MAX_TEXT_LENGTH} characters, label `spam` or `ham`.
 *
 * @returns every valid row and every problem found (not only the first).
 */
export function validateLabeledCsv(content: string | Buffer): CsvValidation {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(content, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? 0;
      return { rows: [], problems: [{ line, message: `malformed CSV: ${e.message}` }] };
    }
    throw e;
  }
  const problems: CsvProblem[] = [];
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const names = header.record.map((h) => h.trim());
  if (names.join(',') !== EXPECTED_HEADER.join(',')) {
    return {
      rows: [],
      problems: [
        {
          line: 1,
          message: `header must be "${EXPECTED_HEADER.join(',')}", got "${names.join(',')}"`,
        },
      ],
    };
  }
  if (body.length === 0) problems.push({ line: 2, message: 'no data rows' });
  const seen = new Map<string, number>();
  const rows: LabeledSms[] = [];
  for (const { record, info, raw } of body) {
    // info.lines is where the record ends; a quoted text may span lines.
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    const bad = (message: string) => problems.push({ line, message });
    if (record.length !== 3) {
      bad(`expected 3 columns (sms_id,text,label), found ${record.length}`);
      continue;
    }
    const [smsId = '', text = '', rawLabel = ''] = record;
    const label = rawLabel.trim();
    let ok = true;
    if (!ID_RE.test(smsId)) {
      bad(
        smsId === ''
          ? 'sms_id is empty'
          : `sms_id "${smsId.slice(0, 40)}" must be 1–64 of A-Z a-z 0-9 _ . : -`,
      );
      ok = false;
    } else if (seen.has(smsId)) {
      bad(`sms_id "${smsId}" repeats line ${seen.get(smsId)}`);
      ok = false;
    } else {
      seen.set(smsId, line);
    }
    if (text.trim() === '') {
      bad('text is empty');
      ok = false;
    } else if ([...text].length > MAX_TEXT_LENGTH) {
      bad(`text is longer than ${MAX_TEXT_LENGTH} characters`);
      ok = false;
    }
    if (label !== 'spam' && label !== 'ham') {
      bad(`label must be "spam" or "ham", got "${label.slice(0, 20)}"`);
      ok = false;
    }
    if (ok) rows.push({ smsId, text, label: label as SpamLabel });
  }
  return { rows, problems };
}
