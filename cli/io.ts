import { fileSizeText, type ReadResult } from '../server/files';

/** What a CLI sub-command may touch, so tests can run it in process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /**
   * Resolves when a long-running mode such as --watch must stop: the user
   * asked (Ctrl-C, SIGTERM), or nobody reads stdout any more (EPIPE, `| head -1`).
   */
  readonly interrupted: Promise<void>;
}

export interface ProcessIO extends CliIO {
  /** stdout's reader is gone: nothing more can be written (exit without waiting for a drain). */
  readonly stdoutClosed: boolean;
}

export function processIO(): ProcessIO {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let signals = false;
  // `redis-ha check … | head`: once the reader is gone, further output is dropped
  // (not an EPIPE crash) and the command still ends with its own exit status;
  // a --watch loop is told to stop, as it would otherwise refresh forever
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed.add(stream);
      if (stream === process.stdout) stop();
    });
  }
  const write = (stream: NodeJS.WriteStream, t: string) => void (closed.has(stream) || stream.write(t));
  return {
    stdout: (t) => write(process.stdout, t),
    stderr: (t) => write(process.stderr, t),
    env: process.env,
    get stdoutClosed() {
      return closed.has(process.stdout);
    },
    // signal handlers are installed only when a command waits for them, so Ctrl-C
    // still ends the others at once (and a second Ctrl-C always does)
    get interrupted() {
      if (!signals) {
        signals = true;
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }
      return stopped;
    },
  };
}

/**
 * Standard input as text, read until its end or until it passes `maxBytes`
 * (then reading stops at once: `check - < /dev/zero` does not buffer
 * gigabytes). Results like readRegularFile's.
 */
export function readStdin(maxBytes: number, stream: NodeJS.ReadableStream = process.stdin): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (r: ReadResult) => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      resolve(r);
    };
    const onData = (b: Buffer | string) => {
      const buf = typeof b === 'string' ? Buffer.from(b) : b;
      total += buf.length;
      if (total > maxBytes) {
        stream.pause();
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        done({ ok: false, reason: 'too-large', message: `it is more than ${fileSizeText(maxBytes)}, the limit` });
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => done({ ok: true, text: Buffer.concat(chunks, total).toString('utf8') });
    const onError = (e: Error) => done({ ok: false, reason: 'unreadable', message: e.message });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** Secrets shorter than this are not searched for in output (they would mangle ordinary words). */
export const MIN_SCRUBBED_SECRET = 4;

/**
 * The same IO with every known secret replaced by `***` in everything written:
 * a second line of defence behind redaction at the source (seeds are shown
 * redacted, server errors never carry our password), for any message that
 * would quote an argument as typed. JSON-escaped forms are replaced too.
 */
export function scrubbed(io: CliIO, secrets: Iterable<string>): CliIO {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SCRUBBED_SECRET) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  if (!forms.size) return io;
  const list = [...forms].sort((a, b) => b.length - a.length);
  const scrub = (t: string) => {
    let out = t;
    for (const f of list) out = out.split(f).join('***');
    return out;
  };
  return {
    stdout: (t) => io.stdout(scrub(t)),
    stderr: (t) => io.stderr(scrub(t)),
    env: io.env,
    get interrupted() {
      return io.interrupted;
    },
  };
}
