/**
 * Markdown for the model card: tables laid out as Prettier lays them (so `prettier --check`
 * passes on the generated README without reformatting it), and the marked block of a README
 * the card lives in.
 */

/** First and last line of the generated block. */
export const CARD_MARKERS = {
  begin: '<!-- model-card:begin -->',
  end: '<!-- model-card:end -->',
} as const;

const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');

/**
 * A Markdown table with every column padded to its widest cell, as Prettier prints it.
 *
 * @throws RangeError when a row has a different number of cells than the header.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      throw new RangeError(`row ${i} has ${r.length} cells, the header ${header.length}`);
    }
  });
  const all = [header, ...rows].map((r) => r.map(escapeCell));
  // Prettier's delimiter row needs at least three dashes.
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => [...r[i]!].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  const [head, ...body] = all;
  return [line(head!), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The cells of a table row (`| a | b |` → `['a', 'b']`), unescaped. */
export function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * The text with every table's columns named in `drop` removed (and the tables re-laid out),
 * and every line starting with one of `dropLines` removed: what `--check` compares.
 */
export function withoutColumns(
  text: string,
  drop: readonly string[],
  dropLines: readonly string[] = [],
): string {
  const out: string[] = [];
  let table: string[][] = [];
  const flush = () => {
    if (table.length === 0) return;
    const [header, , ...body] = table;
    const keep = header!.map((h, i) => (drop.includes(h) ? -1 : i)).filter((i) => i !== -1);
    const pick = (r: string[]) => keep.map((i) => r[i] ?? '');
    out.push(markdownTable(pick(header!), body.map(pick)));
    table = [];
  };
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('|')) {
      table.push(tableCells(line));
      continue;
    }
    flush();
    if (!dropLines.some((prefix) => line.startsWith(prefix))) out.push(line);
  }
  flush();
  return out.join('\n');
}

/**
 * What lies between the card's markers, or null when the text has none.
 *
 * @throws Error when only one marker is there, or they are out of order.
 */
export function cardBlockOf(readme: string): string | null {
  const begin = readme.indexOf(CARD_MARKERS.begin);
  const end = readme.indexOf(CARD_MARKERS.end);
  if (begin === -1 && end === -1) return null;
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`expected ${CARD_MARKERS.begin} … ${CARD_MARKERS.end}, in that order`);
  }
  return readme.slice(begin + CARD_MARKERS.begin.length, end).replace(/^\n+|\n+$/g, '');
}

/**
 * The README with `block` between the card's markers (blank lines around it).
 *
 * @throws Error when the markers are missing or out of order.
 */
export function replaceCardBlock(readme: string, block: string): string {
  if (cardBlockOf(readme) === null) {
    throw new Error(
      `no ${CARD_MARKERS.begin} … ${CARD_MARKERS.end} in the README: add them where the card goes`,
    );
  }
  const begin = readme.indexOf(CARD_MARKERS.begin) + CARD_MARKERS.begin.length;
  const end = readme.indexOf(CARD_MARKERS.end);
  return `${readme.slice(0, begin)}\n\n${block}\n\n${readme.slice(end)}`;
}
