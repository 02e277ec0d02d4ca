import { renderJson, toJsonValue } from './renderJson';

describe('renderJson (Prettier’s JSON layout, width 100)', () => {
  it('expands objects, keeps short arrays on one line, one tuple per line', () => {
    expect(
      renderJson({
        name: 'v1',
        flags: [true, false, null],
        empty: { list: [], obj: {} },
        trees: [
          [0, 2.5, 1, 2, 0.5, 4],
          [-1, 0, -1, -1, 0, 2],
        ],
        one: [[1, 2]],
      }),
    ).toBe(
      [
        '{',
        '  "name": "v1",',
        '  "flags": [true, false, null],',
        '  "empty": {',
        '    "list": [],',
        '    "obj": {}',
        '  },',
        '  "trees": [',
        '    [0, 2.5, 1, 2, 0.5, 4],',
        '    [-1, 0, -1, -1, 0, 2]',
        '  ],',
        '  "one": [[1, 2]]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('breaks an array whose line would pass 100 columns, trailing comma included', () => {
    const words = (last: string) => ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', last];
    // `  "k": [...],` is exactly 100 columns with a 34-letter last word, 101 with 35 (both checked with Prettier).
    const fits = renderJson({ k: words('x'.repeat(34)), z: 1 }).split('\n')[1]!;
    expect(fits).toHaveLength(100);
    const broken = renderJson({ k: words('x'.repeat(35)), z: 1 }).split('\n');
    expect(broken.slice(1, 4)).toEqual(['  "k": [', '    "alpha",', '    "beta",']);
  });

  it('puts objects in arrays one per line and writes numbers as Prettier does', () => {
    expect(renderJson([{ a: 1 }, { b: 1e21 }])).toBe(
      '[\n  {\n    "a": 1\n  },\n  {\n    "b": 1e21\n  }\n]\n',
    );
    expect(renderJson([1e-7, -0, 0.1])).toBe('[1e-7, 0, 0.1]\n');
  });

  it('refuses what JSON cannot hold and drops undefined properties', () => {
    expect(() => renderJson({ a: [1, NaN] })).toThrow('$.a[1]: NaN is not valid JSON');
    expect(() => renderJson({ f: () => 1 })).toThrow('$.f: a function is not valid JSON');
    expect(renderJson({ a: undefined, b: 2 })).toBe('{\n  "b": 2\n}\n');
    expect(Object.keys(toJsonValue(JSON.parse('{"__proto__": 1}')) as object)).toEqual([
      '__proto__',
    ]);
  });
});
