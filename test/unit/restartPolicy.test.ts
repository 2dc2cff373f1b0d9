import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from '../../client/restartPolicy';

test('the fifth crash within three minutes stops the restarts', () => {
  let now = 0;
  const p = new RestartPolicy(() => now);
  const answers: boolean[] = [];
  for (let i = 0; i < MAX_RESTARTS; i++) {
    answers.push(p.shouldRestart());
    now += 10_000;
  }
  assert.deepEqual(answers, [true, true, true, true, false]);
});

test('crashes older than the window are forgotten', () => {
  let now = 0;
  const p = new RestartPolicy(() => now);
  for (let i = 0; i < MAX_RESTARTS - 1; i++) assert.equal(p.shouldRestart(), true);
  now += RESTART_WINDOW_MS; // the first four crashes fall out of the window
  assert.equal(p.shouldRestart(), true);
});
