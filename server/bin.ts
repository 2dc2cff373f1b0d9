/**
 * `redis-ha-language-server` (dist/language-server.js), the command other
 * editors start: Neovim, Helix, Emacs (eglot), Sublime LSP, Kate… —
 * `redis-ha-language-server --stdio`. It is server/node.ts behind a check of
 * the command line: `--help` and `--version` answer and exit, and so does a
 * command without a transport, instead of waiting for LSP on a terminal.
 */
import { startNodeServer } from './node';

/** Set by scripts/build.mjs from package.json; absent when run from source. */
declare const REDIS_HA_VERSION: string | undefined;
const VERSION = typeof REDIS_HA_VERSION === 'string' ? REDIS_HA_VERSION : 'development';

export const LANGUAGE_SERVER_USAGE = `usage: redis-ha-language-server --stdio

The redis-ha language server for redis.conf, valkey.conf and sentinel.conf: diagnostics
exactly as strict as redis-server, durability guidance, hover, completion, outline,
formatting. Editors start it and speak the Language Server Protocol to it.

transports (one is required):
  --stdio               over standard input and output (what Neovim, Helix and eglot use)
  --socket=PORT         connect to the editor on 127.0.0.1:PORT
  --pipe=NAME           connect to the editor's named pipe or Unix socket
  --node-ipc            over Node.js IPC (a parent Node.js process)

  --help, -h            show this help
  --version, -v         print the version

Language ids: redis-conf (redis.conf, valkey.conf, redis-*.conf, …) and sentinel-conf
(sentinel.conf, sentinel-*.conf, …). Settings: the "redisHa" section of
workspace/configuration, or initializationOptions.settings. Editor setup:
https://github.com/redis-ha/redis-ha#other-editors
`;

const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;
/** Arguments editors add that the server may ignore (VS Code's client adds --clientProcessId). */
const ACCEPTED = /^--clientProcessId=\d+$/;

export type Decision = { run: true } | { run: false; out: 'stdout' | 'stderr'; text: string; code: number };

const usageError = (why: string): Decision => ({
  run: false,
  out: 'stderr',
  text: `redis-ha-language-server: ${why}\n\n${LANGUAGE_SERVER_USAGE}`,
  code: 2,
});

/** What the command line asks for: serve, or print something and exit with a code. */
export function decide(argv: readonly string[]): Decision {
  if (argv.some((a) => a === '--help' || a === '-h')) return { run: false, out: 'stdout', text: LANGUAGE_SERVER_USAGE, code: 0 };
  if (argv.some((a) => a === '--version' || a === '-v')) return { run: false, out: 'stdout', text: `${VERSION}\n`, code: 0 };
  let transport = false;
  for (let i = 0; i < argv.length; i++) {
    // `--socket PORT` and `--pipe NAME` as two arguments: the connection reads them that way too
    const a = argv[i] === '--socket' || argv[i] === '--pipe' ? `${argv[i]}=${argv[++i] ?? ''}` : argv[i];
    if (TRANSPORT.test(a)) transport = true;
    else if (!ACCEPTED.test(a)) return usageError(`unknown argument '${a}'`);
  }
  return transport ? { run: true } : usageError('no transport given (editors start it with --stdio)');
}

if (require.main === module) {
  const d = decide(process.argv.slice(2));
  if (d.run) startNodeServer();
  else {
    process.exitCode = d.code;
    (d.out === 'stdout' ? process.stdout : process.stderr).write(d.text);
  }
}
