/**
 * A small fake Redis node speaking RESP over TCP, for the situations a real
 * redis-server cannot produce (4,000 advertised replicas, a replica announcing
 * an address outside the group). It listens on a loopback address only,
 * answers from a handler, and logs every connection and command — AUTH
 * included — so tests can prove who received credentials and who was never
 * dialled. Replies: a string is a bulk string, `{ status }` a simple string,
 * an Error an error reply, a number an integer, an array an array, null nil.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type FakeReply = string | number | null | Error | { status: string } | FakeReply[];

export interface FakeNode {
  host: string;
  port: number;
  /** Every command received, in order, with the connection it came on. */
  commands: Array<{ connection: number; args: string[] }>;
  /** Connections accepted so far. */
  connections: number;
  /** AUTH commands received (their arguments). */
  auths(): string[][];
  stop(): Promise<void>;
}

export interface FakeOptions {
  host?: string;
  port?: number;
  /** Answers NOAUTH to everything but AUTH until AUTH succeeds with this password. */
  password?: string;
  handler: (args: string[]) => FakeReply | undefined;
}

function encode(r: FakeReply | undefined): string {
  if (r === undefined || r === null) return '$-1\r\n';
  if (r instanceof Error) return `-${r.message.replace(/\r|\n/g, ' ')}\r\n`;
  if (typeof r === 'number') return `:${r}\r\n`;
  if (typeof r === 'string') return `$${Buffer.byteLength(r)}\r\n${r}\r\n`;
  if (Array.isArray(r)) return `*${r.length}\r\n${r.map(encode).join('')}`;
  return `+${r.status}\r\n`;
}

/** Parses complete RESP arrays of bulk strings (what clients send) from `buf`; returns them and the rest. */
function parse(buf: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let pos = 0;
  for (;;) {
    if (pos >= buf.length || buf[pos] !== 0x2a) break;
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) break;
    const n = Number(buf.subarray(pos + 1, eol).toString());
    let p = eol + 2;
    const args: string[] = [];
    let complete = true;
    for (let i = 0; i < n; i++) {
      const e = buf.indexOf('\r\n', p);
      if (e < 0 || buf[p] !== 0x24) {
        complete = false;
        break;
      }
      const len = Number(buf.subarray(p + 1, e).toString());
      if (buf.length < e + 2 + len + 2) {
        complete = false;
        break;
      }
      args.push(buf.subarray(e + 2, e + 2 + len).toString());
      p = e + 2 + len + 2;
    }
    if (!complete) break;
    commands.push(args);
    pos = p;
  }
  return { commands, rest: buf.subarray(pos) };
}

export async function startFakeNode(opts: FakeOptions): Promise<FakeNode> {
  const sockets = new Set<Socket>();
  const node: FakeNode = {
    host: opts.host ?? '127.0.0.1',
    port: 0,
    commands: [],
    connections: 0,
    auths: () => node.commands.filter((c) => c.args[0].toUpperCase() === 'AUTH').map((c) => c.args.slice(1)),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const id = ++node.connections;
    let authed = opts.password === undefined;
    let buf: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const { commands, rest } = parse(buf);
      buf = rest;
      let out = '';
      for (const args of commands) {
        node.commands.push({ connection: id, args });
        const name = args[0]?.toUpperCase();
        if (name === 'AUTH') {
          const ok = opts.password !== undefined && args[args.length - 1] === opts.password;
          if (opts.password === undefined)
            out += encode(
              new Error(
                'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
              ),
            );
          else if (ok) {
            authed = true;
            out += encode({ status: 'OK' });
          } else out += encode(new Error('WRONGPASS invalid username-password pair or user is disabled.'));
          continue;
        }
        if (!authed) {
          out += encode(new Error('NOAUTH Authentication required.'));
          continue;
        }
        if (name === 'CLIENT') {
          out += encode({ status: 'OK' });
          continue;
        }
        out += encode(opts.handler(args) ?? new Error(`ERR unknown command '${args[0]}'`));
      }
      if (out) socket.write(out);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, node.host, () => resolve());
  });
  const addr = server.address();
  node.port = typeof addr === 'object' && addr ? addr.port : 0;
  return node;
}

/** An INFO reply (sections server and replication) of a primary listing `replicas`. */
export function primaryInfo(replicas: Array<{ host: string; port: number }>, extra = ''): string {
  const lines = [
    '# Server',
    'redis_version:7.0.15',
    'redis_mode:standalone',
    'run_id:fakefakefakefakefakefakefakefakefakefake',
    'uptime_in_seconds:100',
    '# Replication',
    'role:master',
    `connected_slaves:${replicas.length}`,
    ...replicas.map((r, i) => `slave${i}:ip=${r.host},port=${r.port},state=online,offset=100,lag=0`),
    'master_replid:0000000000000000000000000000000000000001',
    'master_repl_offset:100',
    'repl_backlog_size:1048576',
  ];
  return `${lines.join('\r\n')}\r\n${extra}`;
}

/** An INFO reply of a replica of `primary`, itself listing `replicas` (chained). */
export function replicaInfo(primary: { host: string; port: number }, replicas: Array<{ host: string; port: number }> = []): string {
  const lines = [
    '# Server',
    'redis_version:7.0.15',
    'redis_mode:standalone',
    'run_id:fakereplicafakereplicafakereplicafakerep',
    'uptime_in_seconds:100',
    '# Replication',
    'role:slave',
    `master_host:${primary.host}`,
    `master_port:${primary.port}`,
    'master_link_status:up',
    'master_last_io_seconds_ago:1',
    'master_sync_in_progress:0',
    'slave_repl_offset:100',
    `connected_slaves:${replicas.length}`,
    ...replicas.map((r, i) => `slave${i}:ip=${r.host},port=${r.port},state=online,offset=100,lag=0`),
    'master_replid:0000000000000000000000000000000000000001',
    'master_repl_offset:100',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
