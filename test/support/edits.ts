/**
 * Random edit sequences for the incremental-analysis properties: each edit
 * replaces a span of the current text (where: a fraction of its length; how
 * much: nothing, a few characters or a few lines) with text that moves line
 * breaks, quotes, NULs and whole config lines around — also near the 1,024-byte
 * chunks in which redis-server reads a file (a NUL drops the rest of its chunk).
 */
import { configLine, configText } from './fuzz-configs';
import { fc } from './fuzz';

/** An edit in terms of the text it applies to. */
export interface Edit {
  at: number;
  del: number;
  insert: string;
}

const insertText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('', ' ', '\n', '\r\n', '\r', '"', "'", '#', '\0', '\\', 'yes', '1gb', '\t', 'save ', 'é', '😀', 'x'),
  },
  { weight: 4, arbitrary: configLine.map((l) => `${l}\n`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\0\n',
      'a\0b',
      '\n\0',
      '# redis-ha: target=valkey-9.0\n',
      '# redis-ha: target=6.2\n',
      'user u on >p +@all ~*\n',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1000, max: 1030 }), fc.constantFrom('a', 'é', '😀'), fc.constantFrom('', '\0', '"'))
      .map(([n, c, tail]) => c.repeat(n) + tail),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

export const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.nat(8), fc.nat(300)),
  insert: insertText,
});

/** A starting text and the edits made to it, one after the other. */
export const editSequence = fc.record({
  initial: fc.oneof({ weight: 5, arbitrary: configText }, { weight: 1, arbitrary: fc.constant('') }),
  edits: fc.array(edit, { minLength: 1, maxLength: 12 }),
});

/** Applies an edit to a text; returns the new text and the offsets it replaced. */
export function applyEdit(text: string, e: Edit): { text: string; start: number; end: number } {
  const start = Math.floor(e.at * text.length);
  const end = Math.min(text.length, start + e.del);
  return { text: text.slice(0, start) + e.insert + text.slice(end), start, end };
}
