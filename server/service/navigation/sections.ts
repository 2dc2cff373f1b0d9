/**
 * Sections a config file declares itself with banner comments. The stock
 * redis.conf / valkey.conf open each of their 26 parts with a line such as
 *   ################################ SNAPSHOTTING  ################################
 * and hand-written files use a few other common shapes. Recognised banners:
 * - a hash fence on both sides:      `### Persistence ###`
 * - a heading of two or more '#':    `## Persistence` (starting a comment block)
 * - a dash/equals/star/tilde fence:  `# ---- Persistence ----` (starting a comment block)
 * - a box of three lines:            `#########` / `# Persistence` / `#########`
 * The last three must start a comment block, so sub-headings inside a comment
 * paragraph (the stock files' `# --- HOW IT WORKS? ---`) are not sections, and
 * their title must not read like a commented-out directive (`## save 900 1`).
 */
import { catalog } from '../../catalog/catalog';
import type { Comment, ConfigDocument, Line } from '../../parser/types';

export interface Section {
  title: string;
  /** Editor line of the banner's first line. */
  startLine: number;
  /** Editor line of the banner's last line (differs from startLine for a box). */
  bannerEndLine: number;
  /** Editor line of the last non-blank line before the next banner (or the end of the file). */
  endLine: number;
  /** Document offsets of the title text inside the banner. */
  titleStart: number;
  titleEnd: number;
  /** Offset of the end of the section's last non-blank line. */
  end: number;
  /** Index in `doc.lines` of the banner's first line, and of the first line after the section. */
  firstIndex: number;
  endIndex: number;
}

const HASH_FENCE = /^(#{3,})[ \t]*(.*?)[ \t]*#{3,}$/;
const HEADING = /^#{2,}[ \t]+(.*?)[ \t]*#*$/;
const RULE_FENCE = /^#[ \t]*([-=*~])\1{2,}[ \t]*(.*?)[ \t]*\1{3,}$/;
const FENCE_ONLY = /^#{5,}$/;
const BOX_TITLE = /^#[ \t]*(.*?)[ \t]*#*$/;
const MAX_TITLE = 80;

function goodTitle(title: string, strict: boolean): boolean {
  if (!title || title.length > MAX_TITLE || !/[A-Za-z0-9]/.test(title) || title.startsWith('#')) return false;
  if (strict) {
    const first = title.split(/[ \t]/, 1)[0].toLowerCase();
    if (catalog().versionsHaving(first).length > 0 || first === 'sentinel') return false;
  }
  return true;
}

function tidy(title: string): string {
  return title.replace(/[ \t]+/g, ' ');
}

interface Banner {
  title: string;
  titleStart: number;
  titleEnd: number;
  /** Number of doc.lines the banner occupies (3 for a box). */
  lines: number;
}

/** Finds every section of the document, in file order. */
export function findSections(doc: ConfigDocument): Section[] {
  const lines = doc.lines;
  const lineOf = (l: Line) => doc.positionAt(l.start).line;
  const endLineOf = (l: Line) => doc.positionAt(l.end).line;
  const isComment = (i: number): boolean => i >= 0 && i < lines.length && lines[i].kind === 'comment';
  /** True when line i directly follows line j on the next editor line. */
  const adjacent = (j: number, i: number) => lineOf(lines[i]) === endLineOf(lines[j]) + 1;

  const banner = (i: number): Banner | undefined => {
    const c = lines[i] as Comment;
    const text = doc.slice(c.start, c.end);
    const startsBlock = !(isComment(i - 1) && adjacent(i - 1, i));
    const titled = (m: RegExpExecArray | null, group: number, strict: boolean): Banner | undefined => {
      if (!m) return undefined;
      const raw = m[group];
      if (!goodTitle(raw, strict)) return undefined;
      const at = c.start + m.index + m[0].indexOf(raw, group === 2 && m[1].length ? m[1].length : 0);
      return { title: tidy(raw), titleStart: at, titleEnd: at + raw.length, lines: 1 };
    };
    if (FENCE_ONLY.test(text)) {
      // a box: fence, title line, fence, on consecutive editor lines
      if (!startsBlock || !isComment(i + 1) || !isComment(i + 2) || !adjacent(i, i + 1) || !adjacent(i + 1, i + 2)) return undefined;
      const mid = lines[i + 1] as Comment;
      const midText = doc.slice(mid.start, mid.end);
      if (!FENCE_ONLY.test(doc.slice(lines[i + 2].start, lines[i + 2].end)) || FENCE_ONLY.test(midText)) return undefined;
      const m = BOX_TITLE.exec(midText);
      if (!m || !goodTitle(m[1], false)) return undefined;
      const at = mid.start + midText.indexOf(m[1], 1);
      return { title: tidy(m[1]), titleStart: at, titleEnd: at + m[1].length, lines: 3 };
    }
    const fence = titled(HASH_FENCE.exec(text), 2, false);
    if (fence) return fence;
    if (!startsBlock) return undefined;
    return titled(HEADING.exec(text), 1, true) ?? titled(RULE_FENCE.exec(text), 2, true);
  };

  const found: Array<{ index: number; b: Banner }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== 'comment') continue;
    const b = banner(i);
    if (b) {
      found.push({ index: i, b });
      i += b.lines - 1;
    }
  }
  return found.map(({ index, b }, k) => {
    const endIndex = k + 1 < found.length ? found[k + 1].index : lines.length;
    const last = lines[endIndex - 1];
    return {
      title: b.title,
      startLine: lineOf(lines[index]),
      bannerEndLine: endLineOf(lines[index + b.lines - 1]),
      endLine: endLineOf(last),
      titleStart: b.titleStart,
      titleEnd: b.titleEnd,
      end: last.end,
      firstIndex: index,
      endIndex,
    };
  });
}
