/** Helpers shared by the rule modules: fixes that set directives, and readable sizes. */
import type { ConfigLine } from '../../crossfile/includes';
import { EditBuilder, insertLinesAfter, lineOf, removeLine, replaceArgs, setDirective } from '../edits';
import type { Fsync } from '../model';
import { replicates } from '../role';
import type { Fix, RuleContext } from './types';

/** Whether the node replicates or is part of a group (configured, declared or seen in the workspace): replication rules apply. */
export function inGroup(ctx: RuleContext): boolean {
  return !ctx.model.role || replicates(ctx.model.role);
}

export const MB = 1024 * 1024;
export const GB = 1024 * MB;

/** 1048576 → "1mb", 536870912 → "512mb", 1536 → "1536b"… in redis.conf units. */
export function size(bytes: number): string {
  if (bytes >= GB && bytes % GB === 0) return `${bytes / GB}gb`;
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB}mb`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}kb`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)}mb`;
  return `${bytes}b`;
}

/** A fix that sets one or more directives (each changed in place or added where it belongs). */
export function setFix(ctx: RuleContext, title: string, settings: Array<[string, string[]]>, preferred = false): Fix {
  const b = new EditBuilder();
  for (const [name, args] of settings) setDirective(b, ctx.config, ctx.root, name, args);
  return { title, edit: b.build(), preferred };
}

/** Where a setting is decided, for messages: "line 12", "conf.d/x.conf line 3", or "the default". */
export function where(ctx: RuleContext, l: ConfigLine | undefined): string {
  if (!l) return 'the default';
  const n = l.file.doc.positionAt(l.line.start).line + 1;
  return l.file === ctx.root ? `line ${n}` : `${l.file.path ?? l.file.uri} line ${n}`;
}

/** The appendfsync policy that meets the target, if the current one does not. */
export function fsyncFor(ctx: RuleContext, current: Fsync): Fsync | undefined {
  if (ctx.target.rpo === '0') return current === 'always' ? undefined : 'always';
  return current === 'no' ? 'everysec' : undefined;
}

/** Fix: turn AOF on (with an fsync policy that meets the target). */
export function enableAofFix(ctx: RuleContext, preferred: boolean): Fix {
  const p = ctx.model.persistence!;
  const fsync = fsyncFor(ctx, p.fsync);
  const settings: Array<[string, string[]]> = [['appendonly', ['yes']]];
  if (fsync) settings.push(['appendfsync', [fsync]]);
  return setFix(ctx, `Enable AOF (appendonly yes${fsync ? `, appendfsync ${fsync}` : ''})`, settings, preferred);
}

/** Fix: remove some lines (each in its own file). */
export function removeFix(title: string, lines: ConfigLine[], preferred = false): Fix {
  const b = new EditBuilder();
  for (const l of lines) removeLine(b, l.file, l.line);
  return { title, edit: b.build(), preferred };
}

/** Fix: add a line right after another one (in the other line's file). */
export function addAfterFix(title: string, after: ConfigLine, name: string, args: string[], preferred = true): Fix {
  const b = new EditBuilder();
  insertLinesAfter(b, after.file, after.line.end, [lineOf(name, args)]);
  return { title, edit: b.build(), preferred };
}

/** Fix: replace the arguments of a line. */
export function replaceArgsFix(title: string, l: ConfigLine, args: string[], preferred = true): Fix {
  const b = new EditBuilder();
  replaceArgs(b, l.file, l.line, args);
  return { title, edit: b.build(), preferred };
}
