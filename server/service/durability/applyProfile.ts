/**
 * "Apply profile": the edits that make a config follow one of the guidance's
 * reference profiles (server/catalog/profiles.ts). Existing lines are changed
 * in place (in an included file if that is where the effective line is),
 * missing ones are added next to their commented example or their area, no
 * directive is ever duplicated, and comments are kept. The `save` lines of a
 * profile replace the file's save lines as a group, since save lines add up.
 */
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { fieldsOf, type Profile, type ProfileLine } from '../../catalog/profiles';
import type { SourceFile } from '../crossfile/includes';
import { EditBuilder, eolOf, insertDirective, lineOf, removeLine, replaceArgs, replaceToken, setSentinelOption, type Tail } from './edits';
import { setReplicaLimits } from './rules/replication';
import type { EffectiveConfig } from './settings';
import type { DurabilityModel } from './model';

const FIELD = /\{\{([a-z-]+):([^}]*)\}\}/g;

/** An argument with its fields filled in (from `values`, else the profile's defaults). */
function fill(arg: string, values: Record<string, string>): string {
  return arg.replace(FIELD, (_m, name: string, def: string) => values[name] ?? def);
}

function sameArgs(a: readonly { value: string }[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t.value === b[i]);
}

export function applyProfile(profile: Profile, model: DurabilityModel, root: SourceFile): WorkspaceEdit | undefined {
  if (profile.language !== model.language) return undefined;
  const b = new EditBuilder();
  if (profile.language === 'sentinel-conf') applySentinel(b, profile, model, root);
  else applyNode(b, profile, model.config, root);
  return b.empty ? { changes: {} } : b.build();
}

function applyNode(b: EditBuilder, profile: Profile, c: EffectiveConfig, root: SourceFile): void {
  const tail: Tail = { used: new Set<string>() };
  for (const section of profile.sections) {
    const saves = section.lines.filter((l) => l.directive === 'save');
    for (const pl of section.lines) {
      if (pl === saves[0]) applySaves(b, c, root, saves, section.title, tail);
      if (pl.directive === 'save' || !c.has(pl.directive)) continue;
      const args = pl.args.map((a) => fill(a, {}));
      if (pl.directive === 'client-output-buffer-limit' && args[0]?.toLowerCase() === 'replica') {
        const lim = c.replicaLimits();
        const want = args.slice(1);
        if (lim.from && lim.classArg !== undefined && sameArgs(lim.from.line.args.slice(lim.classArg + 1, lim.classArg + 4), want))
          continue;
        if (!lim.from) {
          insertDirective(
            b,
            c,
            root,
            { name: pl.directive, lines: [lineOf(pl.directive, args)], why: [pl.why], section: section.title },
            tail,
          );
        } else {
          setReplicaLimits(b, { config: c, root }, want);
        }
        continue;
      }
      const existing = c.line(pl.directive);
      if (existing) {
        if (!sameArgs(existing.line.args, args)) replaceArgs(b, existing.file, existing.line, args);
        continue;
      }
      insertDirective(
        b,
        c,
        root,
        { name: c.canon(pl.directive), lines: [lineOf(c.canon(pl.directive), args)], why: [pl.why], section: section.title },
        tail,
      );
    }
  }
}

/** The profile's save lines replace the file's: the first save line becomes the group, the others go. */
function applySaves(b: EditBuilder, c: EffectiveConfig, root: SourceFile, saves: ProfileLine[], section: string, tail: Tail): void {
  const existing = c.lines('save');
  const texts = saves.map((s) =>
    lineOf(
      'save',
      s.args.map((a) => fill(a, {})),
    ),
  );
  if (
    existing.length === saves.length &&
    existing.every((e, i) =>
      sameArgs(
        e.line.args,
        saves[i].args.map((a) => fill(a, {})),
      ),
    )
  )
    return;
  if (!existing.length) {
    insertDirective(b, c, root, { name: 'save', lines: texts, why: [saves[0].why], section }, tail);
    return;
  }
  const [first, ...rest] = existing;
  const doc = first.file.doc;
  const indent = doc.slice(doc.offsetAt({ line: doc.positionAt(first.line.start).line, character: 0 }), first.line.start);
  b.replace(first.file, first.line.start, first.line.end, texts.join(eolOf(doc) + indent));
  for (const r of rest) removeLine(b, r.file, r.line);
}

function applySentinel(b: EditBuilder, profile: Profile, model: DurabilityModel, root: SourceFile): void {
  const c = model.config;
  const masters = model.sentinel ?? [];
  const lines = profile.sections.flatMap((s) => s.lines);
  const monitor = lines.find((l) => l.directive === 'sentinel' && l.args[0] === 'monitor');
  const perMaster = lines.filter((l) => l.directive === 'sentinel' && l.args[0] !== 'monitor');
  for (const pl of lines) {
    if (pl.directive === 'sentinel') continue;
    const args = pl.args.map((a) => fill(a, {}));
    const existing = c.line(pl.directive);
    if (existing) {
      if (!sameArgs(existing.line.args, args)) replaceArgs(b, existing.file, existing.line, args);
    } else {
      insertDirective(
        b,
        c,
        root,
        { name: pl.directive, lines: [lineOf(pl.directive, args)], why: [pl.why], section: profile.sections[0].title },
        { used: new Set() },
      );
    }
  }
  if (!masters.length) {
    // nothing monitored yet: add the profile's monitor block with its defaults
    const block = [monitor, ...perMaster].filter((l): l is ProfileLine => !!l);
    const text = block.flatMap((l) => [
      `# ${l.why}`,
      lineOf(
        'sentinel',
        l.args.map((a) => fill(a, {})),
      ),
    ]);
    insertDirective(b, c, root, { name: 'sentinel', lines: text, section: profile.sections[0].title }, { used: new Set() });
    return;
  }
  const quorum = monitor ? fieldsOf(monitor.args[4] ?? '').find((f) => f.name === 'quorum')?.value : undefined;
  for (const m of masters) {
    if (quorum && m.monitor.line.args[4] && m.monitor.line.args[4].value !== quorum)
      replaceToken(b, m.monitor.file, m.monitor.line.args[4], quorum);
    for (const pl of perMaster) {
      const sub = pl.args[0];
      const value = fill(pl.args[2] ?? '', { master: m.master });
      const current = m.lines.get(sub);
      if (current && current.line.args[2]?.value === value) continue;
      setSentinelOption(b, c, root, m.master, sub, value);
    }
  }
}
