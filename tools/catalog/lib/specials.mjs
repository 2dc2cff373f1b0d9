// Defaults of the directives that have a setter of their own (or that 6.x
// parses by hand), as CONFIG GET prints them, read from the initializers in
// server.c / config.c / server.h of the tree.
import { arrayInitializer, evalInt, evalString, functionBody, splitArgs, stringLiteral, stripComments } from './csource.mjs';

/** Directives whose value depends on the host (dir), or that are not settings (include, user, …): no default. */
const NO_DEFAULT = new Set(['dir', 'include', 'rename-command', 'user', 'loadmodule', 'sentinel']);

export function specialDefaults(tree, symbols) {
  const server = stripComments(tree.need('src/server.c'));
  const config = stripComments(tree.need('src/config.c'));
  const init = functionBody(server, 'initServerConfig');
  if (!init) throw new Error('no initServerConfig in server.c');
  const int = (e) => evalInt(e, symbols);

  /** `server.<field> = <expr>;` in initServerConfig (optionally wrapped in zstrdup). */
  const initExpr = (fields) => {
    for (const f of fields) {
      const m = new RegExp(`server\\.${f}\\s*=\\s*(?:zstrdup\\()?([^;]*?)\\)?\\s*;`).exec(init);
      if (m) return m[1];
    }
    throw new Error(`initServerConfig does not set ${fields.join(' / ')}`);
  };

  const forms = {
    save() {
      const pairs = [...init.matchAll(/appendServerSaveParams\s*\(([^;]*)\)\s*;/g)].map((m) => splitArgs(m[1]).map((a) => String(int(a))));
      if (!pairs.length) throw new Error('no default save points in initServerConfig');
      return pairs.flat().join(' ');
    },
    bind() {
      const def = symbols.get('CONFIG_DEFAULT_BINDADDR');
      // 6.x starts with no address and binds to the wildcards only when none is configured: CONFIG GET prints ""
      if (!def && int(initExpr(['bindaddr_count'])) === 0n) return '';
      if (!def) throw new Error('no CONFIG_DEFAULT_BINDADDR');
      return splitArgs(def.trim().replace(/^\{|\}$/g, ''))
        .map((s) => evalString(s, symbols))
        .join(' ');
    },
    'client-output-buffer-limit'() {
      const body = arrayInitializer(config, /clientBufferLimitsConfig\s+clientBufferLimitsDefaults\s*\[[^\]]*\]\s*=\s*\{/);
      if (!body) throw new Error('no clientBufferLimitsDefaults');
      const classes = clientTypeNames();
      return splitArgs(body)
        .filter((s) => s.startsWith('{'))
        .map((group, j) => {
          const [hard, soft, secs] = splitArgs(group.slice(1, -1)).map(int);
          if (classes[j] === undefined) throw new Error(`no client type name for class ${j}`);
          return `${classes[j]} ${hard} ${soft} ${secs}`;
        })
        .join(' ');
    },
    'oom-score-adj-values'() {
      const body = arrayInitializer(config, /int\s+configOOMScoreAdjValuesDefaults\s*\[[^\]]*\]\s*=\s*\{/);
      if (!body) throw new Error('no configOOMScoreAdjValuesDefaults');
      return splitArgs(body)
        .map((e) => String(int(e)))
        .join(' ');
    },
    'notify-keyspace-events'() {
      const v = int(initExpr(['notify_keyspace_events']));
      if (v !== 0n) throw new Error('a non-empty default keyspace event set needs the flag letters; extend specials.mjs');
      return '';
    },
    replicaof() {
      const host = initExpr(['masterhost', 'primary_host']);
      if (host.trim() !== 'NULL') throw new Error('the default primary host is not NULL; extend specials.mjs');
      return '';
    },
    'latency-tracking-info-percentiles'() {
      const vals = [...init.matchAll(/latency_tracking_info_percentiles\s*\[\s*(\d+)\s*\]\s*=\s*([0-9.]+)\s*;/g)]
        .sort((a, b) => Number(a[1]) - Number(b[1]))
        .map((m) => String(Number(m[2])));
      if (!vals.length) throw new Error('no default latency percentiles');
      return vals.join(' ');
    },
    unixsocketperm() {
      return int(initExpr(['unixsocketperm'])).toString(8);
    },
    logfile() {
      return evalString(initExpr(['logfile']), symbols) ?? '';
    },
    'rdma-bind'() {
      // Valkey 8.1+: initServerConfig leaves the RDMA addresses empty; CONFIG GET prints ""
      if (/rdma_ctx_config\.bindaddr_count\s*=/.test(init))
        throw new Error('initServerConfig now sets RDMA bind addresses; extend specials.mjs');
      return '';
    },
    'cluster-config-file'() {
      return evalString(initExpr(['cluster_configfile']), symbols) ?? '';
    },
  };

  /** CONFIG GET's names of the client classes, by class number (getClientTypeName in networking.c). */
  function clientTypeNames() {
    const net = stripComments(tree.need('src/networking.c'));
    const body = functionBody(net, 'getClientTypeName');
    if (!body) throw new Error('no getClientTypeName');
    const names = [];
    for (const m of body.matchAll(/case\s+(\w+)\s*:\s*return\s+("[^"]*")/g)) names[Number(int(m[1]))] = stringLiteral(m[2]);
    return names;
  }

  return (name) => {
    if (NO_DEFAULT.has(name)) return undefined;
    const f = forms[name];
    if (!f) throw new Error(`no default extractor for the special directive ${name}; add one to specials.mjs`);
    return f();
  };
}
