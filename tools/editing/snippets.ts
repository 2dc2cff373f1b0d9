/**
 * Builds snippets/redis-conf.json and snippets/sentinel-conf.json from the
 * reference profiles (server/catalog/profiles.ts) and the small blocks
 * (server/catalog/blocks.ts): each line preceded by the comment that says why
 * it is there. `{{name:default}}` fields become tab stops; in the small blocks
 * every value is a tab stop (a choice list for yes/no and enum values).
 */
import { BLOCKS } from '../../server/catalog/blocks';
import { catalog } from '../../server/catalog/catalog';
import { fieldsOf, plainArg, PROFILES, type ProfileLine } from '../../server/catalog/profiles';

export type Language = 'redis-conf' | 'sentinel-conf';
export interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}
export type SnippetFile = Record<string, Snippet>;

const WIDTH = 100;

function escText(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}
function escChoice(s: string): string {
  return s.replace(/[\\$}|,]/g, (c) => `\\${c}`);
}

/** A comment wrapped at WIDTH columns, each line starting with "# ". */
function comment(text: string): string[] {
  const out: string[] = [];
  let line = '#';
  // keep a number with its short unit ("5 s", "64 mb") on one line
  const words = text.replace(/(\d) (s|ms|min|h|kb|mb|gb)\b/g, '$1\u00a0$2').split(/ +/);
  for (const raw of words) {
    const word = raw.replace(/\u00a0/g, ' ');
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  out.push(line);
  return out.map(escText);
}

class TabStops {
  private byName = new Map<string, number>();
  private next = 1;
  field(name: string): number {
    let n = this.byName.get(name);
    if (n === undefined) this.byName.set(name, (n = this.next++));
    return n;
  }
  fresh(): number {
    return this.next++;
  }
}

/** Values a tunable argument may take, when the catalog lists them (yes/no, enum words). */
function choicesFor(directive: string, argIndex: number): string[] | undefined {
  if (argIndex !== 0) return undefined;
  const spec = catalog().forVersion('7.0').lookup(directive)?.info.variant.value;
  if (spec?.kind === 'bool') return ['yes', 'no'];
  if (spec?.kind === 'enum' && !spec.multi) return spec.values;
  return undefined;
}

function argSnippet(line: ProfileLine, i: number, stops: TabStops, tunable: boolean): string {
  const arg = line.args[i];
  if (fieldsOf(arg).length) {
    return arg
      .split(/(\{\{[a-z-]+:[^}]*\}\})/)
      .map((part) => {
        const m = /^\{\{([a-z-]+):([^}]*)\}\}$/.exec(part);
        return m ? `\${${stops.field(m[1])}:${escText(m[2])}}` : escText(part);
      })
      .join('');
  }
  const plain = plainArg(arg);
  if (!tunable || (line.directive === 'sentinel' && i === 0)) return escText(plain);
  const choices = choicesFor(line.directive, i);
  if (choices) return `\${${stops.fresh()}|${[plain, ...choices.filter((c) => c !== plain)].map(escChoice).join(',')}|}`;
  return `\${${stops.fresh()}:${escText(plain)}}`;
}

function lineSnippet(line: ProfileLine, stops: TabStops, tunable: boolean): string[] {
  const args = line.args.map((_, i) => argSnippet(line, i, stops, tunable));
  return [...comment(line.why), [line.directive, ...args].join(' ')];
}

export function buildSnippets(language: Language): SnippetFile {
  const out: SnippetFile = {};
  for (const p of PROFILES.filter((x) => x.language === language)) {
    const stops = new TabStops();
    const body: string[] = [...comment(`${p.label} profile (redis-ha): ${p.summary}.`)];
    for (const section of p.sections) {
      body.push('', escText(`# --- ${section.title} ---`));
      for (const line of section.lines) body.push(...lineSnippet(line, stops, false));
    }
    body.push('$0');
    out[`Profile: ${p.label}`] = { prefix: [`profile-${p.id}`, `redis-ha-${p.id}`], description: p.summary, body };
  }
  for (const b of BLOCKS.filter((x) => x.language === language)) {
    const stops = new TabStops();
    const body: string[] = [escText(`# --- ${b.label} ---`)];
    for (const line of b.lines) body.push(...lineSnippet(line, stops, true));
    body.push('$0');
    out[`Block: ${b.label}`] = { prefix: [b.id], description: b.summary, body };
  }
  return out;
}

/** The file text of a snippet file, as committed (2-space JSON, trailing newline). */
export function snippetFileText(language: Language): string {
  return `${JSON.stringify(buildSnippets(language), null, 2)}\n`;
}

/**
 * What inserting a snippet without touching any tab stop produces: each
 * placeholder gives its default, a choice its first value, an empty stop
 * nothing, and escapes are undone.
 */
export function defaultExpansion(body: readonly string[]): string {
  const text = body.join('\n');
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else if (c === '$') {
      const simple = /^\$(\d+)/.exec(text.slice(i));
      const placeholder = /^\$\{(\d+):((?:\\.|[^\\}])*)\}/.exec(text.slice(i));
      const choice = /^\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}/.exec(text.slice(i));
      if (placeholder) {
        out += placeholder[2].replace(/\\(.)/g, '$1');
        i += placeholder[0].length;
      } else if (choice) {
        out += choice[2].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
        i += choice[0].length;
      } else if (simple) {
        i += simple[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
