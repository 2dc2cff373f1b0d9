/** What a CLI sub-command may touch, so tests can run it in process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (Ctrl-C); used by long-running modes such as --watch. */
  readonly interrupted: Promise<void>;
}

export function processIO(): CliIO {
  let interrupted: Promise<void> | undefined;
  // `redis-ha check … | head`: once the reader is gone, further output is dropped
  // (not an EPIPE crash) and the command still ends with its own exit status
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed.add(stream);
    });
  }
  const write = (stream: NodeJS.WriteStream, t: string) => void (closed.has(stream) || stream.write(t));
  return {
    stdout: (t) => write(process.stdout, t),
    stderr: (t) => write(process.stderr, t),
    env: process.env,
    // installed only when a command waits for it, so Ctrl-C still ends the others at once
    get interrupted() {
      return (interrupted ??= new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }));
    },
  };
}
