import { hostName, overTokenLimit } from './httpGuards';

describe('hostName', () => {
  it('drops the port and IPv6 brackets, lower-cases', () => {
    expect(hostName('LocalHost:4000')).toBe('localhost');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName('[::1]:4000')).toBe('::1');
    expect(hostName('[::1]')).toBe('::1');
    expect(hostName('api.example.com:')).toBe('api.example.com');
    expect(hostName(undefined)).toBeUndefined();
    expect(hostName('')).toBeUndefined();
  });
});

describe('overTokenLimit', () => {
  it('counts lexical tokens, comments and commas aside', () => {
    const q = '{ a(x: 1, y: "s") # comment\n b }'; // { a ( x : 1 y : "s" ) b } = 12
    expect(overTokenLimit(q, 12)).toBe(false);
    expect(overTokenLimit(q, 11)).toBe(true);
    expect(overTokenLimit('', 0)).toBe(false);
  });
  it('stops at the limit: a huge text is refused without lexing it all', () => {
    expect(overTokenLimit(`{ ${'a '.repeat(1_000_000)}}`, 2_000)).toBe(true);
  });
  it('leaves syntax errors to the parser', () => {
    expect(overTokenLimit('{ a "unterminated', 5)).toBe(false);
  });
});
