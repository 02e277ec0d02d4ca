import { murmur3, murmur3String } from './murmur3';

describe('murmur3 (MurmurHash3_x86_32)', () => {
  it('gives the reference implementation’s values (SMHasher verification vectors)', () => {
    expect(murmur3String('', 0)).toBe(0);
    expect(murmur3String('', 1)).toBe(0x514e28b7);
    expect(murmur3String('', 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3(new Uint8Array(4), 0)).toBe(0x2362f9de);
    expect(murmur3String('aaaa', 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3String('abc', 0)).toBe(0xb3dd93fa);
    expect(murmur3String('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
    const fox = 'The quick brown fox jumps over the lazy dog';
    expect(murmur3String(fox, 0x9747b28c)).toBe(0x2fa826cd);
    expect(murmur3String(fox, 0)).toBe(0x2e4ff723);
  });

  it("matches scikit-learn's murmurhash3_32('foo', positive=True)", () => {
    // murmurhash3_32('foo') == -156908512 (signed) == 4138058784 unsigned.
    expect(murmur3String('foo')).toBe(4138058784);
  });

  it('hashes UTF-8 bytes, so a non-ASCII key hashes as its encoding', () => {
    expect(murmur3String('é')).toBe(murmur3(Uint8Array.of(0xc3, 0xa9)));
    expect(murmur3String('é')).not.toBe(murmur3(Uint8Array.of(0xe9)));
  });

  it('hashes only the first `length` bytes when asked (tails of 1, 2 and 3 bytes)', () => {
    const buf = Buffer.from('abcdefgh!!!!', 'utf8');
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(murmur3(buf, 7, n)).toBe(murmur3String('abcdefgh'.slice(0, n), 7));
    }
  });

  it('returns unsigned 32-bit integers', () => {
    for (const s of ['a', 'free', 'w:win', 'c: £5']) {
      const h = murmur3String(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
