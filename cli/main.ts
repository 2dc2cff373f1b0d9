/**
 * The `redis-ha` command line: `check` validates config files as the editor
 * does; `status` reports live replication health; `exporter` serves it to Prometheus;
 * `drill` measures a Sentinel group's RPO and RTO across a real failover.
 */
import { runCheck, CHECK_USAGE } from './check';
import { DRILL_USAGE, runDrillCommand } from './drill';
import { EXPORTER_USAGE, runExporter } from './exporter';
import { runStatus, STATUS_USAGE } from './status';
import { processIO, type CliIO } from './io';

const USAGE = `usage: redis-ha <command> [options]

commands:
  check    check redis.conf / valkey.conf / sentinel.conf files as redis-server loads them
  status   report the live replication health of nodes, Sentinel groups and clusters
  exporter serve that health as Prometheus metrics over HTTP (/metrics)
  drill    a failover drill on a Sentinel group: measured RPO and RTO against the prediction (dry run by default)
  help     show this help

Run 'redis-ha <command> --help' for the options of a command.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, io);
    case 'status':
      return runStatus(rest, io);
    case 'exporter':
      return runExporter(rest, io);
    case 'drill':
      return runDrillCommand(rest, io);
    case 'help':
    case '--help':
    case '-h':
      io.stdout(
        rest[0] === 'check'
          ? CHECK_USAGE
          : rest[0] === 'status'
            ? STATUS_USAGE
            : rest[0] === 'exporter'
              ? EXPORTER_USAGE
              : rest[0] === 'drill'
                ? DRILL_USAGE
                : USAGE,
      );
      return 0;
    case undefined:
      io.stderr(USAGE);
      return 2;
    default:
      io.stderr(`redis-ha: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

if (require.main === module) {
  const io = processIO();
  // exit once stdout has drained: a pipe is written asynchronously, and an
  // immediate process.exit() would cut a long report short
  const finish = (code: number) => {
    process.exitCode = code;
    if (io.stdoutClosed) process.exit(code);
    process.stdout.write('', () => process.exit(code));
  };
  main(process.argv.slice(2), io).then(finish, (e) => {
    io.stderr(`redis-ha: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    finish(2);
  });
}
