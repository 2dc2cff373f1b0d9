/**
 * Configs inside YAML files — docker compose services, Kubernetes manifests
 * (every `---` document), Helm values — found with the `yaml` library, which
 * keeps each node's range: a container's command line (compose
 * `entrypoint`/`command`, Kubernetes `command`/`args`) running redis-server
 * or redis-sentinel, and block scalars that are a redis.conf or sentinel.conf
 * (a ConfigMap's `redis.conf: |`, a values file's `configuration: |-`).
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import { commandLineDoc, programOf } from './argv';
import { blockDoc, looksLikeConfig, type Found } from './blocks';
import { isFolded, scalarSource } from './scalars';
import { type Arg, linearSource, splitArgs } from './source';

/** YAML nodes visited per file at most. */
const MAX_NODES = 200_000;

/** Nesting looked into at most: a Kubernetes container is 6 levels deep, a Helm value rarely 10 (and a label stays short). */
const MAX_DEPTH = 32;

/** Images whose entrypoint runs redis-server for arguments that start with `-` (the official images, Bitnami's). */
const REDIS_IMAGE = /(^|\/)(redis|valkey|redis-stack-server)(:|@|$)|bitnami\/(redis|valkey)/i;

interface Item {
  node: unknown;
  path: string;
  depth: number;
}

/** Flow collections (`[`, `{`) nested deeper than this make the file unread: the library's composer recurses into them. */
export const MAX_FLOW_DEPTH = 1000;

/** The deepest nesting of `[` and `{` (counted over the whole text, quotes or not: an over-estimate). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

/** Every config embedded in a YAML file's documents, in document order. */
export function findInYaml(text: string, found: Found): void {
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    found.note({ start: 0, end: 0, message: `flow collections nested deeper than ${MAX_FLOW_DEPTH} levels: the file is not read` });
    return;
  }
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs)) return;
  let nodes = 0;
  for (const doc of docs as Document.Parsed[]) {
    const prefix = docPrefix(doc);
    const stack: Item[] = [{ node: doc.contents, path: '', depth: 0 }];
    while (stack.length && nodes < MAX_NODES && !found.full()) {
      const { node, path, depth } = stack.pop() as Item;
      nodes++;
      if (depth > MAX_DEPTH) continue;
      if (isMap(node)) {
        visitMap(node, path, prefix, text, found);
        for (let i = node.items.length - 1; i >= 0; i--) {
          const p = node.items[i];
          if (isPair(p)) stack.push({ node: p.value, path: join(path, keyOf(p.key)), depth: depth + 1 });
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], path: `${path}[${i}]`, depth: depth + 1 });
      }
    }
  }
}

function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : '?';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `ConfigMap/redis-config ` for a Kubernetes object, else nothing. */
function docPrefix(doc: Document.Parsed): string {
  const c = doc.contents;
  if (!isMap(c)) return '';
  const kind = c.get('kind');
  const meta = c.get('metadata');
  const name = isMap(meta) ? meta.get('name') : undefined;
  return typeof kind === 'string' ? `${kind}${typeof name === 'string' ? `/${name}` : ''} ` : '';
}

/** A map's command line (when it is a compose service or a container) and its block scalars that are configs. */
function visitMap(map: YAMLMap, path: string, prefix: string, text: string, found: Found): void {
  if (map.has('command') || map.has('entrypoint') || map.has('args')) containerCommand(map, path, prefix, text, found);
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.value)) continue;
    const key = keyOf(p.key);
    const label = `${prefix}${join(path, key)}`;
    const byKey = /\.conf$/i.test(key);
    const t = p.value.type;
    if (t !== 'BLOCK_LITERAL' && t !== 'BLOCK_FOLDED') continue;
    const src = scalarSource(p.value, text);
    if (!src || !(byKey || looksLikeConfig(src.value))) continue;
    if (isFolded(p.value)) {
      found.note({
        start: src.start,
        end: src.start + 1,
        message: `${label}: a folded block scalar (>) is not checked; write the config as a literal block (|)`,
      });
      continue;
    }
    found.add(blockDoc(src, label, /sentinel/i.test(key), !byKey));
  }
}

/** The arguments of a command value: a list of strings, or one string split as docker compose splits it. */
function argsOf(node: unknown, text: string): Arg[] | undefined {
  if (isSeq(node)) {
    const out: Arg[] = [];
    for (const item of node.items) {
      const src = scalarSource(item as Node, text);
      if (!src) return undefined;
      out.push({ value: src.value, start: src.start, end: src.end, linear: !!src.offs && src.end - src.start === src.value.length, src });
    }
    return out;
  }
  const src = scalarSource(node, text);
  return src ? splitArgs(src, false) : undefined;
}

/**
 * The command line of a compose service (`entrypoint` then `command`) or a
 * Kubernetes container (`command` then `args`), when it runs a Redis program:
 * directly, through `sh -c "… redis-server …"`, or through the image's
 * entrypoint when the image is Redis' and the arguments start with `-`.
 */
function containerCommand(map: YAMLMap, path: string, prefix: string, text: string, found: Found): void {
  const k8s = map.has('args') || /containers\[\d+\]$/i.test(path);
  const entryKey = k8s ? 'command' : 'entrypoint';
  const cmdKey = k8s ? 'args' : 'command';
  const entryNode = map.get(entryKey, true);
  const cmdNode = map.get(cmdKey, true);
  const entry = entryNode ? argsOf(entryNode, text) : undefined;
  const cmd = cmdNode ? argsOf(cmdNode, text) : undefined;
  const argv = [...(entry ?? []), ...(cmd ?? [])].slice(0, 10_000);
  if (!argv.length) return;
  const label = `${prefix}${join(path, cmdNode ? cmdKey : entryKey)}`;
  const ranges = [entryNode, cmdNode].filter(Boolean).map((n) => (n as Node).range as [number, number, number]);
  const whole = { start: Math.min(...ranges.map((r) => r[0])), end: Math.max(...ranges.map((r) => r[1])) };
  const image = map.get('image');
  const implicit = !entry && typeof image === 'string' && REDIS_IMAGE.test(image);
  const line = redisInvocation(argv, implicit);
  if (!line) return;
  const r = commandLineDoc(line.program, line.args, label, whole);
  for (const n of r.notes) found.note(n);
  if (r.doc) found.add(r.doc);
}

/** The program and its arguments in an argv: direct, after `sh -c`, or implied by the image's entrypoint. */
export function redisInvocation(argv: readonly Arg[], implicit: boolean): { program: string; args: Arg[] } | undefined {
  let i = 0;
  while (
    i < argv.length &&
    /^(exec|env|tini|dumb-init|--|gosu|su-exec|redis|valkey|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(argv[i].value) &&
    !programOf(argv[i].value)
  )
    i++;
  if (i < argv.length && programOf(argv[i].value)) return fromProgram(argv, i);
  if (/(^|\/)(ba|a|da)?sh$/.test(argv[0]?.value ?? '')) {
    const c = argv.findIndex((a) => a.value === '-c' || /^-[a-z]*c$/.test(a.value));
    const script = c >= 0 ? argv[c + 1] : undefined;
    if (!script) return undefined;
    const words = splitArgs(script.src ?? (script.linear ? linearSource(script.value, script.start) : script), true);
    const p = words.findIndex((w) => !w.op && programOf(w.value));
    return p >= 0 ? fromProgram(words, p) : undefined;
  }
  if (implicit && argv[0].value.startsWith('-')) return { program: 'redis-server', args: [...argv] };
  return undefined;
}

function fromProgram(argv: readonly Arg[], i: number): { program: string; args: Arg[] } {
  const stop = argv.findIndex((a, k) => k > i && a.op);
  return { program: argv[i].value, args: argv.slice(i + 1, stop < 0 ? argv.length : stop) };
}
