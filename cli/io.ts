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
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
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
