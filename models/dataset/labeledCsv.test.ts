import fs from 'node:fs';
import { fixtures } from '../testing/fixtures';
import { validateLabeledCsv } from './labeledCsv';

describe('validateLabeledCsv', () => {
  it('reads every row of a good file, multi-line and unicode texts intact', () => {
    const { rows, problems } = validateLabeledCsv(fs.readFileSync(fixtures.goodCsv));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.smsId, r.label])).toEqual([
      ['fx001', 'ham'],
      ['fx002', 'spam'],
      ['fx003', 'ham'],
      ['fx004', 'spam'],
      ['fx005', 'ham'],
      ['fx006', 'ham'],
      ['fx007', 'spam'],
    ]);
    expect(rows[5]!.text).toBe('Shopping list:\n- eggs\n- oat milk');
    expect(rows[4]!.text).toBe('Running late — the train is stuck at Ørestad 🚆, see you soon');
  });

  it('reports every bad row with the line where it starts', () => {
    expect(validateLabeledCsv(fs.readFileSync(fixtures.badRowsCsv)).problems).toEqual([
      { line: 3, message: 'label must be "spam" or "ham", got "spammy"' },
      { line: 4, message: 'text is empty' },
      { line: 5, message: 'sms_id "fx101" repeats line 2' },
      { line: 6, message: 'sms_id is empty' },
      { line: 7, message: 'expected 3 columns (sms_id,text,label), found 4' },
    ]);
  });

  it('counts lines after a multi-line text correctly', () => {
    const csv = 'sms_id,text,label\na1,"line one\nline two\nline three",ham\na2,ok,nope\n';
    expect(validateLabeledCsv(csv).problems).toEqual([
      { line: 5, message: 'label must be "spam" or "ham", got "nope"' },
    ]);
  });

  it('rejects a wrong header, an empty file, a header-only file and broken quoting', () => {
    expect(validateLabeledCsv(fs.readFileSync(fixtures.badHeaderCsv)).problems).toEqual([
      { line: 1, message: 'header must be "sms_id,text,label", got "id,message,class"' },
    ]);
    expect(validateLabeledCsv('').problems).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(validateLabeledCsv('sms_id,text,label\n').problems).toEqual([
      { line: 2, message: 'no data rows' },
    ]);
    const broken = validateLabeledCsv(fs.readFileSync(fixtures.malformedCsv)).problems;
    expect(broken).toHaveLength(1);
    expect(broken[0]!.message).toMatch(/^malformed CSV: .*quote/i);
  });

  it('rejects texts over 2,000 characters and odd ids', () => {
    const csv = `sms_id,text,label\nok1,${'x'.repeat(2001)},ham\nbad id,hi,ham\n`;
    expect(validateLabeledCsv(csv).problems).toEqual([
      { line: 2, message: 'text is longer than 2000 characters' },
      { line: 3, message: 'sms_id "bad id" must be 1–64 of A-Z a-z 0-9 _ . : -' },
    ]);
  });
});
