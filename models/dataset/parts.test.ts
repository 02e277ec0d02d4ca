import { datasetPartOf } from './parts';

describe('datasetPartOf', () => {
  it.each([
    ['sms10001', 'sms'],
    ['sms15572', 'sms'],
    ['sms15573', 'youtube'],
    ['sms17528', 'youtube'],
    ['sms17529', null],
    ['sms10000', null],
    ['sms1234', null],
    ['SMS10001', null],
    ['sms10001 ', null],
    ['e4b1c2d0-1d2f-11f1-8000-000000000001', null],
    ['', null],
  ])('%j → %j', (id, part) => {
    expect(datasetPartOf(id)).toBe(part);
  });
});
