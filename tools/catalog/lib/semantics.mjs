// How one tree's config loader behaves beyond its tables — the facts the
// validator needs to judge a file the way that version does:
//   tokenizer          how sdssplitargs ends a quoted token
//   unknownDirective   what the loader does with a name it does not know
//   dottedModuleConfig whether a name with a dot is queued as a module setting
//   unresolvedReport   how the server reports queued settings no module claimed
//   sentinelChecksModuleConfigs  whether Sentinel mode ever checks that queue
//   keyspaceEvents     the letters notify-keyspace-events accepts
// Each is read from the source (the shape of the code, never its text);
// a shape the generator does not know stops it, so a person reads the change.
import { functionBody, stripComments, withoutFlags } from './csource.mjs';

/**
 * How sdssplitargs ends a quoted token (the sdsparsearg helper in Valkey 8.1+).
 * 'quote-ends': a closing quote ends the token and must be followed by a blank
 * or the end (`"a"b` is an error). 'quote-continues' (Valkey 9.0+): a closing
 * quote only leaves quoted mode and the token runs on to the next blank
 * (`"a"b` is `ab`). Read from the code's shape: the blank test after a closing
 * quote, or a closing quote that merely clears the in-quotes flag.
 */
function tokenizer(tree, version) {
  const sds = stripComments(tree.need('src/sds.c'));
  const helper = functionBody(sds, 'sdsparsearg');
  const core = (helper ?? functionBody(sds, 'sdssplitargs') ?? '').replace(/\s+/g, '');
  const blankAfterClose = /if\(\*\(p\+1\)&&!isspace\(\*\(p\+1\)\)\)/.test(core);
  const closeClearsFlag = /\*p=='"'\)\{inq=0;/.test(core) && /\*p=='\\''\)\{insq=0;/.test(core);
  if (blankAfterClose && !closeClearsFlag) return 'quote-ends';
  if (helper && closeClearsFlag && !blankAfterClose) return 'quote-continues';
  throw new Error(
    `${version}: sdssplitargs splits in a way the generator does not know: read src/sds.c, decide how a closing quote ends a token, extend tokenizer() in tools/catalog/lib/semantics.mjs and the parser (server/parser)`,
  );
}

/** The final `else` of the loader's hand-parsed chain: refuse, or queue as a possible module setting. */
function loaderShape(tree, version) {
  const config = stripComments(tree.need('src/config.c'));
  const body = functionBody(config, 'loadServerConfigFromString');
  if (!body) throw new Error(`${version}: no loadServerConfigFromString`);
  const flat = body.replace(/\s+/g, '');
  const dotted = /elseif\(strchr\(argv\[0\],'\.'\)\)/.test(flat);
  // the last else branch of the chain
  const lastElse = flat.lastIndexOf('}else{');
  const tail = lastElse >= 0 ? flat.slice(lastElse) : '';
  let unknownDirective;
  if (/module_configs_queue/.test(tail) && /argc<2/.test(tail)) unknownDirective = 'module-queue';
  else if (/Baddirectiveorwrongnumberofarguments/.test(tail)) unknownDirective = 'refuse';
  else
    throw new Error(
      `${version}: the loader's last branch is new: read loadServerConfigFromString and extend loaderShape in tools/catalog/lib/semantics.mjs`,
    );
  return { unknownDirective, dottedModuleConfig: dotted };
}

function moduleReports(tree) {
  const module = tree.file('src/module.c');
  if (module === undefined) return 'none';
  if (module.includes('Unresolved Configuration(s) Detected')) return 'unresolved-list';
  if (module.includes('Unused Module Configuration')) return 'unused-names';
  if (module.includes('Module Configuration detected without loadmodule directive')) return 'abort-only';
  return 'none';
}

/** True when main() loads the module queue (and so checks queued settings) in Sentinel mode too. */
function sentinelChecksModules(tree, version) {
  const server = stripComments(tree.need('src/server.c'));
  const main = functionBody(server, 'main');
  if (!main) throw new Error(`${version}: no main() in server.c`);
  const at = main.indexOf('moduleLoadFromQueue(');
  if (at < 0) throw new Error(`${version}: main() does not call moduleLoadFromQueue`);
  // the innermost `if (...) {` still open at the call
  let depth = 0;
  for (let i = at; i >= 0; i--) {
    const c = main[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) {
        const head = main.slice(Math.max(0, i - 200), i).replace(/\s+/g, '');
        return !/if\(!server\.sentinel_mode\)$/.test(head);
      }
      depth--;
    }
  }
  return true;
}

/** The letters keyspaceEventsStringToFlags accepts, in source order. */
function keyspaceLetters(tree, version) {
  const notify = withoutFlags(stripComments(tree.need('src/notify.c')));
  const body = functionBody(notify, 'keyspaceEventsStringToFlags');
  if (!body) throw new Error(`${version}: no keyspaceEventsStringToFlags in notify.c`);
  const letters = [...body.matchAll(/case\s*'(.)'\s*:/g)].map((m) => m[1]);
  if (!letters.length) throw new Error(`${version}: no event letters in keyspaceEventsStringToFlags`);
  return [...new Set(letters)].join('');
}

const NUMERIC_TYPE_NAMES = {
  INT: 'int',
  UINT: 'uint',
  LONG: 'long',
  ULONG: 'ulong',
  LONG_LONG: 'longlong',
  ULONG_LONG: 'ulonglong',
  SIZE_T: 'size_t',
  SSIZE_T: 'ssize_t',
  TIME_T: 'time_t',
  OFF_T: 'off_t',
};

/**
 * How numeric settings are bounded and parsed (7.0+ config table):
 * unsignedTypes — the types numericBoundaryCheck compares as unsigned;
 * negativeUnsignedRefused — whether it first refuses a negative value of those
 * types (Redis 8.2 only: #14051, undone by #14286); memoryOverflow — whether
 * memtoull refuses digits beyond 64 bits ('refused', Valkey 9.1) or lets strtoull
 * saturate ('saturates').
 */
function numericSemantics(tree, version) {
  const config = stripComments(tree.need('src/config.c'));
  const check = functionBody(config, 'numericBoundaryCheck');
  const util = stripComments(tree.need('src/util.c'));
  const mem = functionBody(util, 'memtoull');
  // 6.2 parses with memtoll and string2ll in numericConfigSet (see values.ts, family v6)
  if (!check || !mem) return undefined;
  const first = /if\s*\(([^{]*)\)\s*\{/.exec(check);
  if (!first)
    throw new Error(`${version}: numericBoundaryCheck has a new shape; extend numericSemantics in tools/catalog/lib/semantics.mjs`);
  const unsignedTypes = [...first[1].matchAll(/NUMERIC_TYPE_(\w+)/g)].map((m) => {
    const t = NUMERIC_TYPE_NAMES[m[1]];
    if (!t) throw new Error(`${version}: unknown numeric type ${m[1]}`);
    return t;
  });
  if (!unsignedTypes.length) throw new Error(`${version}: numericBoundaryCheck names no unsigned type; read it`);
  const afterFirst = check.slice(first.index + first[0].length).replace(/\s+/g, '');
  const negativeUnsignedRefused = afterFirst.startsWith('if(ll<0)');
  const memoryOverflow = /errno==ERANGE/.test(mem.replace(/[\s()]+/g, '')) ? 'refused' : 'saturates';
  return { unsignedTypes, negativeUnsignedRefused, memoryOverflow };
}

/**
 * How string2d (latency-tracking-info-percentiles) reads a number: 'strtod' takes
 * what the C library does (hex floats such as 0x10 and 0x1p3 included); 'decimal'
 * (Valkey 9.1, the ffc parser) takes decimal forms only.
 */
function doubleSyntax(tree, version) {
  const util = stripComments(tree.need('src/util.c'));
  const body = functionBody(util, 'string2d');
  if (!body) throw new Error(`${version}: no string2d in util.c`);
  // strtod itself, or a faster parser with strtod behind it for what it leaves (Redis 8)
  if (/(^|[^\w])strtod\s*\(/.test(body)) return 'strtod';
  const call = /=\s*(\w+)\s*\(/.exec(body);
  if (!call)
    throw new Error(
      `${version}: string2d converts in a way the generator does not know; extend doubleSyntax in tools/catalog/lib/semantics.mjs`,
    );
  const fn = call[1];
  if (fn === 'valkey_strtod') {
    // a header that picks strtod unless the build asks for fast_float (not the default)
    const header = tree.file('src/valkey_strtod.h') ?? '';
    if (/return\s+strtod\s*\(/.test(header)) return 'strtod';
  }
  if (fn === 'fast_float_strtod') {
    // Redis' C port of fast_float hands what it cannot read (hex floats among them) to strtod
    const port = tree.file('src/fast_float_strtod.c');
    if (port !== undefined && /(^|[^\w])strtod\s*\(/.test(stripComments(port))) return 'strtod';
  }
  const impl = tree.file('src/valkey_strtod.c');
  if (impl !== undefined && /#include\s+"ffc\.h"/.test(impl) && !/FFC_FORMAT_FLAG_ALLOW_HEX|FFC_FORMAT_HEX/.test(impl)) return 'decimal';
  throw new Error(
    `${version}: string2d converts with ${fn}, which the generator does not know; extend doubleSyntax in tools/catalog/lib/semantics.mjs`,
  );
}

export function loaderSemantics(tree, version) {
  const numeric = numericSemantics(tree, version);
  return {
    ...(numeric ? { numeric } : {}),
    doubleSyntax: doubleSyntax(tree, version),
    tokenizer: tokenizer(tree, version),
    ...loaderShape(tree, version),
    unresolvedReport: moduleReports(tree),
    sentinelChecksModuleConfigs: sentinelChecksModules(tree, version),
    keyspaceEvents: keyspaceLetters(tree, version),
  };
}
