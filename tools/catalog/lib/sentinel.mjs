// The `sentinel <sub-command>` lines of a sentinel.conf, from
// sentinelHandleConfiguration in src/sentinel.c: names (with their legacy
// aliases), accepted argument counts, whether the first argument must name a
// monitored master, and the load group the 6.2+ loader runs them in.
import { functionBody, stripComments } from './csource.mjs';
import { argcRange, canonical, loaderBranches } from './configs.mjs';

/**
 * Our names for the arguments of each sub-command (hover and completion text),
 * by canonical name. The generator refuses a sub-command missing here so that a
 * new one is described by a person, and checks the count against the source.
 */
const ARGS = {
  monitor: ['<master-name>', '<host>', '<port>', '<quorum>'],
  'down-after-milliseconds': ['<master-name>', '<milliseconds>'],
  'failover-timeout': ['<master-name>', '<milliseconds>'],
  'parallel-syncs': ['<master-name>', '<replicas>'],
  'notification-script': ['<master-name>', '<script-path>'],
  'client-reconfig-script': ['<master-name>', '<script-path>'],
  'auth-pass': ['<master-name>', '<password>'],
  'auth-user': ['<master-name>', '<username>'],
  'current-epoch': ['<epoch>'],
  myid: ['<sentinel-id>'],
  'config-epoch': ['<master-name>', '<epoch>'],
  'leader-epoch': ['<master-name>', '<epoch>'],
  'known-replica': ['<master-name>', '<ip>', '<port>'],
  'known-sentinel': ['<master-name>', '<ip>', '<port>', '<sentinel-id>'],
  'rename-command': ['<master-name>', '<command>', '<new-name>'],
  'announce-ip': ['<ip>'],
  'announce-port': ['<port>'],
  'deny-scripts-reconfig': ['yes|no'],
  'sentinel-user': ['<username>'],
  'sentinel-pass': ['<password>'],
  'resolve-hostnames': ['yes|no'],
  'announce-hostnames': ['yes|no'],
  'master-reboot-down-after-period': ['<master-name>', '<milliseconds>'],
  'primary-reboot-down-after-period': ['<master-name>', '<milliseconds>'],
};

export function sentinelSubcommands(tree, symbols) {
  const src = stripComments(tree.need('src/sentinel.c'));
  const body = functionBody(src, 'sentinelHandleConfiguration');
  if (!body) throw new Error('no sentinelHandleConfiguration in sentinel.c');
  const preMonitor = new Set(
    [...(/preMonitorCfgName\s*\[\s*\]\s*=\s*\{([^}]*)\}/.exec(src)?.[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]),
  );
  const out = [];
  for (const br of loaderBranches(body)) {
    const { name, aliases } = canonical(br.names);
    const range = argcRange(br.cond, symbols);
    if (range.max === undefined) throw new Error(`sentinel ${name}: no argument count`);
    const argc = [];
    for (let n = range.min; n <= range.max; n++) if (!range.values || range.values.includes(n)) argc.push(n - 1);
    const args = ARGS[name];
    if (!args) throw new Error(`sentinel ${name} is new: name its arguments in ARGS of tools/catalog/lib/sentinel.mjs`);
    if (args.length !== Math.max(...argc))
      throw new Error(`sentinel ${name}: ARGS has ${args.length} names, the source takes up to ${Math.max(...argc)}`);
    const perMaster = /\bsentinelGet(?:Master|Primary)ByName\s*\(\s*argv\s*\[\s*1\s*\]\s*\)/.test(br.body);
    const entry = { name, args, argc, perMaster };
    if (aliases) entry.aliases = aliases;
    if (preMonitor.size)
      entry.phase = name === 'monitor' ? 'monitor' : br.names.some((n) => preMonitor.has(n)) ? 'pre-monitor' : 'post-monitor';
    out.push(entry);
  }
  return out;
}
