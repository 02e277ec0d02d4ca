/**
 * The tokenizer artifact: a JSON file with settings, the word index and a sha256 digest, written
 * atomically and verified on load, so serving never runs with a half-written or edited file.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../platform/atomicWrite';
import { z } from 'zod';
import { REPO_ROOT } from '../../platform/config';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import {
  makeTokenizer,
  settingsProblems,
  type Tokenizer,
  type TokenizerSettings,
} from './tokenizer';

/** Where the v2 tokenizer lives by default. */
export const DEFAULT_TOKENIZER_PATH = path.join(
  REPO_ROOT,
  'models',
  'artifacts',
  'tokenizer-v2.json',
);

/** The `format` tag of a tokenizer file. */
export const TOKENIZER_FORMAT = 'spamgraph.keras-tokenizer';

/** Contents of a tokenizer file (version 1). */
export interface TokenizerJson {
  format: typeof TOKENIZER_FORMAT;
  version: 1;
  settings: TokenizerSettings;
  documentCount: number;
  vocabularySize: number;
  /**
   * `[word, id, count]` by id, from 1. Only ids `< numWords` are kept (when `numWords` is set):
   * the others can never appear in a sequence, so dropping them changes no output.
   */
  wordIndex: [string, number, number][];
  /** sha256 (hex) of the canonical JSON of every other field; see {@link tokenizerDigest}. */
  digest: string;
}

const fileSchema = z.strictObject({
  format: z.literal(TOKENIZER_FORMAT),
  version: z.literal(1),
  settings: z.strictObject({
    numWords: z.number().int().min(1).nullable(),
    filters: z.string(),
    lower: z.boolean(),
    split: z.string().min(1),
    maxlen: z.number().int().min(1),
    padding: z.enum(['pre', 'post']),
    truncating: z.enum(['pre', 'post']),
  }),
  documentCount: z.number().int().min(0),
  vocabularySize: z.number().int().min(0),
  wordIndex: z.array(
    z.tuple([z.string().min(1), z.number().int().min(1), z.number().int().min(1)]),
  ),
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest'),
});

type Body = Omit<TokenizerJson, 'digest'>;

/** The saved fields, key order fixed by this literal (that order is the canonical one). */
function body(tok: Tokenizer): Body {
  const s = tok.settings;
  const kept = s.numWords === null ? tok.vocab : tok.vocab.slice(0, s.numWords - 1);
  return {
    format: TOKENIZER_FORMAT,
    version: 1,
    settings: {
      numWords: s.numWords,
      filters: s.filters,
      lower: s.lower,
      split: s.split,
      maxlen: s.maxlen,
      padding: s.padding,
      truncating: s.truncating,
    },
    documentCount: tok.documentCount,
    vocabularySize: tok.vocabularySize,
    wordIndex: kept.map((w, i) => [w.word, i + 1, w.count]),
  };
}

// Words live in arrays, never as object keys: no key reordering ("7" before "a"), no __proto__.
const digestOf = (b: Body): string => createHash('sha256').update(JSON.stringify(b)).digest('hex');

/**
 * sha256 (hex) of the tokenizer's canonical JSON (compact, fixed key order, words by id).
 * Equal for a fitted tokenizer and its saved-and-loaded copy; use it in cache keys.
 */
export function tokenizerDigest(tok: Tokenizer): string {
  return digestOf(body(tok));
}

/** The tokenizer as a JSON-ready object, digest included. */
export function tokenizerToJSON(tok: Tokenizer): TokenizerJson {
  const b = body(tok);
  return { ...b, digest: digestOf(b) };
}

/**
 * Rebuilds a tokenizer from {@link tokenizerToJSON}'s output (object or JSON string).
 *
 * @throws BadUserInputError when the value is not valid JSON, not a tokenizer, inconsistent,
 *   or its digest does not match its contents.
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new BadUserInputError(`invalid tokenizer file: not JSON (${(e as Error).message})`);
    }
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BadUserInputError(`invalid tokenizer file: ${lines.join('; ')}`);
  }
  const f = parsed.data;
  const problems = settingsProblems(f.settings);
  const seen = new Set<string>();
  f.wordIndex.forEach(([word, id, count], i) => {
    if (id !== i + 1) problems.push(`wordIndex[${i}] has id ${id}, expected ${i + 1}`);
    if (seen.has(word)) problems.push(`word "${word}" appears twice`);
    seen.add(word);
    const prev = f.wordIndex[i - 1];
    if (prev && prev[2] < count) problems.push(`wordIndex[${i}]: counts must not increase`);
  });
  const { numWords } = f.settings;
  if (numWords !== null && f.wordIndex.length > numWords - 1) {
    problems.push(`wordIndex holds ${f.wordIndex.length} words, at most numWords - 1 expected`);
  }
  if (f.vocabularySize < f.wordIndex.length) problems.push('vocabularySize < wordIndex length');
  if (problems.length > 0) {
    throw new BadUserInputError(`invalid tokenizer file: ${problems.slice(0, 5).join('; ')}`);
  }
  const vocab = f.wordIndex.map(([word, , count]) => ({ word, count }));
  const tok = makeTokenizer(f.settings, vocab, f.documentCount, f.vocabularySize);
  // Recompute from the rebuilt tokenizer: the canonical form, whatever the file's layout.
  const actual = tokenizerDigest(tok);
  if (actual !== f.digest) {
    throw new BadUserInputError(
      `invalid tokenizer file: digest mismatch (stored ${f.digest}, computed ${actual}); ` +
        'the file was edited or corrupted — re-fit or restore it',
    );
  }
  return tok;
}

/**
 * Pretty JSON with one `[word, id, count]` per line: short diffs, and already in Prettier's
 * layout so a committed artifact passes `prettier --check`.
 */
function renderTokenizerFile(json: TokenizerJson): string {
  const entries = json.wordIndex.map((e) => `    [${e.map((v) => JSON.stringify(v)).join(', ')}]`);
  const list = entries.length === 0 ? '[]' : `[\n${entries.join(',\n')}\n  ]`;
  // The key holds a placeholder, then the placeholder becomes the list (a function, so "$"
  // in a word is not read as a replacement pattern).
  const pretty = JSON.stringify({ ...json, wordIndex: 0 }, null, 2);
  return `${pretty.replace('"wordIndex": 0', () => `"wordIndex": ${list}`)}\n`;
}

/** Writes the tokenizer atomically (temp file in the same folder, fsync, rename). */
export async function saveTokenizer(file: string, tok: Tokenizer): Promise<void> {
  await writeFileAtomic(file, renderTokenizerFile(tokenizerToJSON(tok)));
}

/**
 * Reads and verifies a tokenizer file.
 *
 * @throws NotFoundError when the file does not exist; BadUserInputError when it is not a valid,
 *   intact tokenizer file.
 */
export async function loadTokenizer(file: string = DEFAULT_TOKENIZER_PATH): Promise<Tokenizer> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`tokenizer file not found: ${file}`, { path: file });
    }
    throw e;
  }
  try {
    return tokenizerFromJSON(text);
  } catch (e) {
    if (e instanceof BadUserInputError) {
      throw new BadUserInputError(`${file}: ${e.message}`, { path: file });
    }
    throw e;
  }
}
