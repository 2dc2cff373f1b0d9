/**
 * Property tests of the durability model (server/service/durability): the
 * save schedule and crash RPO against an independent reading of the save
 * lines, the model's invariants on arbitrary files (mode, RPO bounds, write
 * guard, Sentinel failover times, a summary of bounded size), and Apply
 * profile: applying a profile twice changes nothing the second time, and a
 * file without errors gets none. Seeds and replay: see test/support/fuzz.ts.
 */
import { contentLanguage } from '../../server/service/contentLanguage';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VersionId } from '../../server/catalog/catalog';
import { PROFILES } from '../../server/catalog/profiles';
import { profileActions } from '../../server/service/codeActions';
import { FAILOVER_OVERHEAD_MS } from '../../server/service/durability/model';
import { DEFAULT_SAVE } from '../../server/service/durability/settings';
import { analyzeText, applyProfileText, applyTo, uriOf } from '../support/durability';
import { parseConfig } from '../../server/parser/parse';
import { configText, language, safeConfig, targetRpo } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/fuzz-durability.test.ts';
const V7: VersionId[] = ['7.0', '7.4', '8.0', '8.8', 'valkey-8.1', 'valkey-9.1'];

type Pair = [number, number];
type SaveLine = { clear: true } | { pairs: Pair[]; quoted: boolean };

const pair = fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }));
const saveLine = (multi: boolean): fc.Arbitrary<SaveLine> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant({ clear: true as const }) },
    {
      weight: 5,
      arbitrary: fc.record({
        pairs: fc.array(pair, { minLength: 1, maxLength: multi ? 5 : 1 }),
        quoted: multi ? fc.boolean() : fc.constant(false),
      }),
    },
  );

function saveText(l: SaveLine): string {
  if ('clear' in l) return 'save ""';
  const flat = l.pairs.flat().join(' ');
  return l.quoted ? `save "${flat}"` : `save ${flat}`;
}

/** The schedule as the loader builds it: the first save line replaces the default, `save ""` empties it. */
function expectedSchedule(lines: SaveLine[]): Pair[] {
  if (!lines.length) return DEFAULT_SAVE.map((p) => [p.seconds, p.changes]);
  let out: Pair[] = [];
  for (const l of lines) out = 'clear' in l ? [] : [...out, ...l.pairs];
  return out;
}

describe('fuzz: the durability model', () => {
  test('save schedule and crash RPO agree with an independent reading of the save lines', { timeout: 60_000 }, async (t) => {
    const input = fc.constantFrom<VersionId>('6.2', ...V7).chain((v) =>
      fc.record({
        version: fc.constant(v),
        saves: fc.array(saveLine(v !== '6.2'), { maxLength: 8 }),
        aof: fc.constantFrom(undefined, 'yes', 'no'),
        fsync: fc.constantFrom(undefined, 'always', 'everysec', 'no'),
        filler: fc.array(fc.constantFrom('port 6379', '# comment', '', 'maxmemory 1gb'), { maxLength: 3 }),
      }),
    );
    await runProperty(
      t,
      'save schedule and crash RPO',
      fc.property(input, ({ version, saves, aof, fsync, filler }) => {
        const text = [...filler, ...saves.map(saveText), aof ? `appendonly ${aof}` : '', fsync ? `appendfsync ${fsync}` : ''].join('\n');
        const p = analyzeText(text, { version }).durability.model.persistence!;
        const want = expectedSchedule(saves);
        assert.deepEqual(
          p.rdb.pairs.map((x) => [x.seconds, x.changes]),
          want,
          'the schedule',
        );
        assert.equal(p.rdb.fromDefault, saves.length === 0);
        const aofOn = aof === 'yes';
        assert.equal(p.mode, aofOn ? (want.length ? 'aof+rdb' : 'aof') : want.length ? 'rdb' : 'none');
        const rpo = p.rpo;
        if (aofOn) {
          const f = fsync ?? 'everysec';
          assert.equal(rpo.kind, f === 'always' ? 'zero' : f === 'everysec' ? 'second' : 'os');
        } else if (!want.length) {
          assert.equal(rpo.kind, 'everything');
        } else {
          let busiest = Infinity,
            quietest = Infinity;
          for (const [s, c] of want) {
            busiest = Math.min(busiest, s);
            if (c <= 1) quietest = Math.min(quietest, s);
          }
          assert.equal(rpo.minSeconds, busiest, 'a heavy write load waits for the shortest interval');
          assert.equal(rpo.maxSeconds, quietest, 'a single write waits for the shortest interval one change satisfies');
          assert.equal(rpo.kind, quietest === Infinity ? 'unbounded' : 'interval');
        }
      }),
      { numRuns: 1500, timeMs: 4000 },
      FILE,
    );
  });

  test('the model holds together on any file, for any target', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'durability invariants',
      fc.property(configText, language, fc.constantFrom<VersionId>('6.2', ...V7), targetRpo, (text, lang, version, rpo) => {
        const path = lang === 'sentinel-conf' ? '/etc/redis/sentinel.conf' : '/etc/redis/redis.conf';
        const a = analyzeText(text, { path, version, rpo });
        const d = a.durability;
        const m = d.model;
        assert.ok(d.summary.text.length < 2000, `a summary line of bounded size (${d.summary.text.length})`);
        // the name's language, unless a redis.conf holds a Sentinel's file (language by content)
        const byContent = lang === 'redis-conf' && contentLanguage(a.doc).kind === 'sentinel-conf';
        assert.equal(a.language, byContent ? 'sentinel-conf' : lang);
        if (a.language === 'redis-conf') {
          const p = m.persistence!;
          assert.equal(p.mode === 'aof' || p.mode === 'aof+rdb', p.aof);
          assert.equal(p.mode === 'rdb' || p.mode === 'aof+rdb', p.rdb.pairs.length > 0);
          assert.ok(p.rpo.minSeconds <= p.rpo.maxSeconds, 'RPO bounds in order');
          for (const s of p.rdb.pairs)
            assert.ok(Number.isInteger(s.seconds) && s.seconds >= 1 && s.changes >= 0, 'a save pair redis-server would keep');
          const g = m.replication!.guard;
          if (g) assert.ok(g.replicas > 0 && g.maxLag > 0, 'a guard only when both settings are on');
        } else {
          for (const f of m.sentinel ?? []) {
            assert.ok(f.downAfterMs > 0 && f.failoverTimeoutMs > 0 && f.parallelSyncs > 0);
            if (f.rto) assert.deepEqual(f.rto, { minMs: f.downAfterMs, maxMs: f.downAfterMs + FAILOVER_OVERHEAD_MS });
            else assert.ok(f.sentinels !== undefined && f.quorum > f.sentinels, 'no RTO only when the quorum cannot be reached');
          }
        }
      }),
      { numRuns: 1000, timeMs: 5000 },
      FILE,
    );
  });

  test('Apply profile twice: the second time changes nothing; a file without errors gets none', { timeout: 60_000 }, async (t) => {
    const input = fc.record({
      lang: language,
      version: fc.constantFrom<VersionId>(...V7),
      text: fc.oneof(configText, safeConfig).filter((s) => !s.includes('\0')),
    });
    await runProperty(
      t,
      'apply profile idempotent',
      fc.property(input, ({ lang, version, text }) => {
        const path = lang === 'sentinel-conf' ? '/etc/redis/sentinel.conf' : '/etc/redis/redis.conf';
        const uri = uriOf(path);
        const errors = (s: string) =>
          analyzeText(s, { path, version })
            .diagnostics.filter((x) => x.severity === 1)
            .map((x) => String(x.code))
            .sort();
        for (const p of PROFILES.filter((x) => x.language === lang)) {
          const only = [`source.redis-ha.profile.${p.id}`];
          const [first] = profileActions(analyzeText(text, { path, version }), only);
          if (!first) continue;
          const once = applyTo(text, uri, first.edit);
          const [second] = profileActions(analyzeText(once, { path, version }), only);
          const twice = second ? applyTo(once, uri, second.edit) : once;
          assert.equal(twice, once, `${p.id}: applying it again changes nothing`);
          // a file redis-server loads still loads (with errors already there, one may hide another:
          // sentinel-unknown-master before the value check of the same line)
          if (!errors(text).length) assert.deepEqual(errors(once), [], `${p.id}: a file without errors gets none`);
        }
      }),
      { numRuns: 400, timeMs: 5000 },
      FILE,
    );
  });

  // found by 'apply profile idempotent' (seed 1161660824, path "4:0"): on a file whose last line is a
  // commented-out example without a line ending, the save lines went after it without one, and the next
  // addition at the end of the file was glued on: `save 60 10000# Refuse writes…`, which redis-server refuses
  test('regression: Balanced after a last line `# save 900 1` without a line ending', () => {
    for (const text of ['# save 900 1', 'port 6379\r\n\t\n# save 900 1']) {
      const out = applyProfileText(text, '/etc/redis/redis.conf', '7.0', PROFILES.find((p) => p.id === 'balanced')!);
      const saves = parseConfig(out)
        .directives.filter((d) => d.key === 'save')
        .map((d) => d.args.map((a) => a.value).join(' '));
      assert.deepEqual(saves, ['900 1', '300 10', '60 10000'], JSON.stringify(out));
      assert.ok(out.endsWith(text.includes('\r\n') ? '\r\n' : '\n'));
      assert.equal(analyzeText(out, { version: '7.0' }).diagnostics.filter((d) => d.severity === 1).length, 0);
    }
  });
});
