/**
 * Helpers of the live drill tests: `redis-ha drill` run in-process, the
 * drill keys left on a node, and the acknowledged keys missing on a node read
 * one GET at a time — independently of the drill's own batched read-back.
 */
import { main } from '../../cli/main';
import { keyOf } from '../../health';
import type { WriterLog } from '../../health/drill/writers';
import { memoryIO } from './cli';
import { ask } from './topology';

/** `redis-ha drill ARGS…` in-process: its exit status and output. */
export async function drillCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(['drill', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** Keys of the drill key space on the node at `port` (every drill's; SCAN works on a replica too). */
export async function drillKeys(port: number): Promise<string[]> {
  return ask(port, async (r) => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', 'redis-ha:drill:*', 'COUNT', 1000);
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return out;
  });
}

/** The acknowledged keys missing on the node at `port`, read one key at a time (not the drill's batched MGET). */
export async function lostByHand(port: number, log: WriterLog, prefix: string): Promise<Set<string>> {
  const lost = new Set<string>();
  await ask(port, async (r) => {
    for (const a of log.acks) {
      const key = keyOf(prefix, a.writer, a.seq);
      if ((await r.get(key)) !== String(a.seq)) lost.add(key);
    }
  });
  return lost;
}
