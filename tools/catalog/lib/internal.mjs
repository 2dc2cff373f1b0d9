// Modules a release builds into the server and loads itself (Redis 8: vector
// sets, modules/vector-sets, unless SKIP_VEC_SETS): the commands they create
// (known to ACL rules, which are applied after modules load; not to
// rename-command, which runs while the file is read) and the settings they
// register (applied from the queue of possible module settings after the
// file is read). Read as facts from the module's sources.
import { stripComments, stringLiteral, splitArgs } from './csource.mjs';

const VECTOR_SETS = 'modules/vector-sets';

export function internalModules(tree, version) {
  const makefile = tree.file('src/Makefile') ?? '';
  if (!/INCLUDE_VEC_SETS/.test(makefile) || /SKIP_VEC_SETS\s*\?=\s*yes/.test(makefile)) return { commands: [], configs: [] };
  const files = tree
    .list(VECTOR_SETS)
    .filter((f) => f.endsWith('.c'))
    .map((f) => stripComments(tree.need(`${VECTOR_SETS}/${f}`)));
  const commands = new Set();
  const configs = [];
  for (const src of files) {
    for (const m of src.matchAll(/RedisModule_CreateCommand\s*\(\s*ctx\s*,\s*("(?:[^"\\]|\\.)*")/g))
      commands.add(stringLiteral(m[1]).toLowerCase());
    for (const m of src.matchAll(/RedisModule_Register(\w+)Config\s*\(/g)) {
      const open = m.index + m[0].length - 1;
      let depth = 0,
        end = open;
      for (; end < src.length; end++) {
        if (src[end] === '(') depth++;
        else if (src[end] === ')' && --depth === 0) break;
      }
      const args = splitArgs(src.slice(open + 1, end));
      const name = stringLiteral(args[1]);
      const flags = args[3].split('|').map((s) => s.trim());
      if (!flags.includes('REDISMODULE_CONFIG_UNPREFIXED'))
        throw new Error(`${version}: internal module config ${name} is prefixed; extend lib/internal.mjs`);
      if (m[1] !== 'Bool') throw new Error(`${version}: internal module config ${name} is a ${m[1]} config; extend lib/internal.mjs`);
      const immutable = flags.includes('REDISMODULE_CONFIG_IMMUTABLE');
      configs.push({
        name,
        module: 'vectorset',
        flags: [immutable ? 'IMMUTABLE_CONFIG' : 'MODIFIABLE_CONFIG'],
        value: { kind: 'bool' },
        default: args[2].trim() === '0' ? 'no' : 'yes',
      });
    }
  }
  return { commands: [...commands].sort(), configs };
}
