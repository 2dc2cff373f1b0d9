/**
 * When to restart a crashed language server: fewer than MAX_RESTARTS crashes
 * within RESTART_WINDOW_MS. No `vscode` import, so it is unit-tested directly.
 */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class RestartPolicy {
  private crashes: number[] = [];
  constructor(private now: () => number = Date.now) {}

  /** Records a crash; true when the server should be restarted, false when it is time to give up. */
  shouldRestart(): boolean {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < RESTART_WINDOW_MS);
    this.crashes.push(t);
    return this.crashes.length < MAX_RESTARTS;
  }
}
