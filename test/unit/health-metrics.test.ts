/**
 * The monitoring renderers on constructed snapshots: the Prometheus 0.0.4 and
 * OpenMetrics texts (label escaping, families kept together, counters named
 * per format, `# EOF`, redis_exporter's names and labels, no password), the
 * Nagios line (state word, exit code, perf data with the thresholds of
 * health/settings.ts, a summary that stays one line), and the exporter's
 * pure parts (format negotiation, loopback check, refresh sharing).
 * The real servers, promtool and Prometheus are test/live/health-exporter.test.ts's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopback, negotiate, Scraper } from '../../cli/exporter';
import type { CliIO } from '../../cli/io';
import { main } from '../../cli/main';
import {
  DEFAULT_THRESHOLDS,
  MAX_LABEL_VALUE,
  escapeLabelValue,
  failoverKey,
  parseSeed,
  perfLabel,
  renderMetrics,
  renderNagios,
  type Health,
  type NodeStatus,
  type Snapshot,
} from '../../health';

const SECRET = 's3cret-Pw';
const CONN = parseSeed(`redis://alice:${SECRET}@10.0.0.1:6379`).id;

function snapshot(over: Partial<Snapshot> = {}, nodes?: NodeStatus[]): Snapshot {
  const g = `${CONN}/10.0.0.1:6379`;
  return {
    at: 1_700_000_000_000,
    durationMs: 12,
    health: 'ok',
    events: [],
    connections: [
      {
        id: CONN,
        name: '10.0.0.1:6379',
        kind: 'replication',
        seeds: ['10.0.0.1:6379'],
        health: 'ok',
        problems: [],
        groups: [g],
        reachable: true,
      },
    ],
    groups: [
      {
        id: g,
        connection: CONN,
        kind: 'replication',
        name: '10.0.0.1:6379',
        health: 'ok',
        problems: [],
        primary: '10.0.0.1:6379',
        replicas: ['10.0.0.2:6379'],
        sentinels: [],
      },
    ],
    nodes: nodes ?? [
      {
        address: '10.0.0.1:6379',
        connection: CONN,
        group: g,
        role: 'primary',
        health: 'ok',
        state: 'up',
        problems: [],
        notes: [],
        version: '7.0.15',
        mode: 'standalone',
        usedMemory: 1000,
        maxmemory: 0,
        replication: { connectedReplicas: 1, offset: 5000, backlogSize: 1048576 },
        persistence: { aofEnabled: false, rdbLastSaveAgeSeconds: 100, rdbLastBgsaveStatus: 'ok' },
      },
      {
        address: '10.0.0.2:6379',
        connection: CONN,
        group: g,
        role: 'replica',
        health: 'ok',
        state: 'up',
        problems: [],
        notes: [],
        version: '7.0.15',
        replication: {
          primary: '10.0.0.1:6379',
          linkStatus: 'up',
          offset: 4877,
          offsetLagBytes: 123,
          lagSeconds: 1,
          stateAtPrimary: 'online',
        },
      },
    ],
    ...over,
  };
}

/** The sample lines of a family (name exactly, with or without labels). */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('metrics text', () => {
  test('redis_exporter names, with addr, connection and group labels; the password nowhere', () => {
    const t = renderMetrics(snapshot(), 'prometheus');
    assert.deepEqual(samples(t, 'redis_up'), [
      `redis_up{addr="10.0.0.1:6379",connection="redis://alice:***@10.0.0.1:6379",group="10.0.0.1:6379"} 1`,
      `redis_up{addr="10.0.0.2:6379",connection="redis://alice:***@10.0.0.1:6379",group="10.0.0.1:6379"} 1`,
    ]);
    assert.match(
      samples(t, 'redis_instance_info')[0],
      /addr="10\.0\.0\.1:6379".*role="master",redis_version="7\.0\.15",redis_mode="standalone"\} 1$/,
    );
    assert.match(samples(t, 'redis_instance_info')[1], /role="slave"/);
    assert.match(samples(t, 'redis_connected_slaves')[0], / 1$/);
    assert.match(samples(t, 'redis_master_repl_offset')[0], /addr="10\.0\.0\.1:6379".* 5000$/);
    assert.match(samples(t, 'redis_master_link_up')[0], /addr="10\.0\.0\.2:6379".*master_host="10\.0\.0\.1",master_port="6379"\} 1$/);
    assert.match(
      samples(t, 'redis_connected_slave_lag_seconds')[0],
      /^redis_connected_slave_lag_seconds\{addr="10\.0\.0\.1:6379",.*slave_ip="10\.0\.0\.2",slave_port="6379",slave_state="online"\} 1$/,
    );
    assert.match(samples(t, 'redis_ha_replica_lag_bytes')[0], / 123$/);
    assert.match(samples(t, 'redis_rdb_last_save_timestamp_seconds')[0], / 1699999900$/);
    assert.match(samples(t, 'redis_ha_group_health')[0], /kind="replication"\} 0$/);
    assert.ok(!t.includes(SECRET));
    assert.ok(!t.includes('# EOF'));
  });

  test('a node that did not answer: redis_up 0 and none of its INFO metrics', () => {
    const s = snapshot();
    s.nodes[1] = { ...s.nodes[1], health: 'unreachable', state: 'unreachable', replication: undefined, version: undefined };
    const t = renderMetrics(s, 'prometheus');
    assert.match(samples(t, 'redis_up')[1], /addr="10\.0\.0\.2:6379".* 0$/);
    assert.equal(samples(t, 'redis_instance_info').length, 1);
    assert.equal(samples(t, 'redis_master_link_up').length, 0);
    assert.match(t, /redis_ha_node_state\{addr="10\.0\.0\.2:6379".*state="unreachable"\} 1/);
    assert.match(t, /redis_ha_node_health\{addr="10\.0\.0\.2:6379".*\} 3/);
  });

  test('label values escaped (backslash, quote, newline) and cut when long', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    assert.equal(escapeLabelValue('x'.repeat(MAX_LABEL_VALUE + 50)), `${'x'.repeat(MAX_LABEL_VALUE)}…`);
    const s = snapshot();
    s.groups[0].name = 'my"master\\\nx';
    const t = renderMetrics(s, 'openmetrics');
    assert.ok(t.includes('group="my\\"master\\\\\\nx"'), t);
    for (const line of t.split('\n').slice(0, -1))
      assert.match(line, /^(# (HELP|TYPE) [a-z_]+ .*|# EOF|[a-z_]+(\{.*\})? [-+0-9.eInfNa]+)$/, line);
  });

  test('every family once, its samples together; counters named as each format wants; OpenMetrics ends with # EOF', () => {
    const s = snapshot();
    const failovers = new Map([[failoverKey(CONN, '10.0.0.1:6379'), 2]]);
    for (const format of ['prometheus', 'openmetrics'] as const) {
      const t = renderMetrics(s, format, { failovers });
      const names = t
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.replace(/[{ ].*$/, ''));
      const runs = names.filter((n, i) => i === 0 || names[i - 1] !== n);
      assert.equal(new Set(runs).size, runs.length, `${format}: a family split in two`);
      assert.equal((t.match(/^# TYPE /gm) ?? []).length, new Set(names).size);
      assert.match(t, /^redis_ha_failovers_total\{connection="redis:\/\/alice:\*\*\*@10\.0\.0\.1:6379",group="10\.0\.0\.1:6379"\} 2$/m);
    }
    const om = renderMetrics(s, 'openmetrics', { failovers });
    assert.ok(om.endsWith('\n# EOF\n'));
    assert.match(om, /^# TYPE redis_ha_failovers counter$/m);
    assert.match(renderMetrics(s, 'prometheus'), /^# TYPE redis_ha_failovers_total counter$/m);
  });

  test('findings counted by code and level; drift counted per connection, 0 included', () => {
    const quiet = renderMetrics(snapshot(), 'prometheus');
    assert.equal(samples(quiet, 'redis_ha_findings').length, 0);
    assert.match(samples(quiet, 'redis_ha_drift_findings')[0], / 0$/);
    const s = snapshot();
    s.nodes[1].problems = [
      { code: 'group-drift', level: 'warning', message: 'x' },
      { code: 'replica-link-down', level: 'error', message: 'y' },
    ];
    s.groups[0].problems = [{ code: 'group-drift', level: 'warning', message: 'z' }];
    const t = renderMetrics(s, 'prometheus');
    assert.deepEqual(samples(t, 'redis_ha_findings').sort(), [
      `redis_ha_findings{connection="${CONN}",code="group-drift",level="warning"} 2`,
      `redis_ha_findings{connection="${CONN}",code="replica-link-down",level="error"} 1`,
    ]);
    assert.match(samples(t, 'redis_ha_drift_findings')[0], / 2$/);
  });

  test('Sentinel groups and nodes: redis_exporter sentinel names', () => {
    const s = snapshot();
    s.groups[0] = {
      ...s.groups[0],
      kind: 'sentinel',
      name: 'mymaster',
      sentinel: { quorum: 2, sentinelsSeen: 3, replicasSeen: 1, flags: ['master', 's_down'] },
    };
    s.nodes.push({
      address: '10.0.0.9:26379',
      connection: CONN,
      role: 'sentinel',
      health: 'ok',
      state: 'up',
      problems: [],
      notes: [],
      mode: 'sentinel',
      sentinel: { masters: 1, tilt: false },
    });
    const t = renderMetrics(s, 'prometheus');
    assert.match(
      t,
      /^redis_sentinel_master_status\{.*master_name="mymaster",master_address="10\.0\.0\.1:6379",master_status="sdown"\} 0$/m,
    );
    assert.match(t, /^redis_sentinel_master_sentinels\{.*\} 3$/m);
    assert.match(t, /^redis_sentinel_masters\{addr="10\.0\.0\.9:26379",connection="[^"]+"\} 1$/m);
    assert.match(t, /^redis_instance_info\{addr="10\.0\.0\.9:26379".*role="sentinel"/m);
  });
});

describe('nagios line', () => {
  const withHealth = (h: Health) => snapshot({ health: h });
  test('state word and exit code follow the health; all unreachable is UNKNOWN (3)', () => {
    const cases: Array<[Health, string, number]> = [
      ['ok', 'OK', 0],
      ['warning', 'WARNING', 1],
      ['error', 'CRITICAL', 2],
      ['unreachable', 'CRITICAL', 2],
    ];
    for (const [h, word, code] of cases) {
      const r = renderNagios(withHealth(h));
      assert.equal(r.code, code, h);
      assert.ok(r.text.startsWith(`REDIS-HA ${word} - `), r.text);
    }
    const none = snapshot({ health: 'unreachable' });
    none.connections[0].reachable = false;
    const r = renderNagios(none);
    assert.equal(r.code, 3);
    assert.match(r.text, /^REDIS-HA UNKNOWN - no node could be reached \| /);
  });

  test('perf data: worst lag against the settings thresholds, then per replica', () => {
    const { text } = renderNagios(snapshot());
    const perf = text.trimEnd().split(' | ')[1].split(' ');
    const w = DEFAULT_THRESHOLDS;
    assert.deepEqual(perf, [
      "'nodes_answered'=2;;;0;2",
      "'findings'=0;;;0",
      "'refresh_time'=0.012s;;;0",
      `'lag_bytes'=123B;${w.replicaLagBytesWarning};${w.replicaLagBytesError}`,
      `'lag_seconds'=1s;${w.replicaLagSecondsWarning};${w.replicaLagSecondsError}`,
      `'10.0.0.2:6379_lag_bytes'=123B;1048576;67108864`,
      `'10.0.0.2:6379_lag_seconds'=1s;5;30`,
    ]);
    assert.equal(perfLabel("it's=x"), "'it''s_x'");
  });

  test('the summary names the worst finding, stays on one line, and cannot start the perf data', () => {
    const s = snapshot({ health: 'error' });
    s.nodes[1].problems = [
      { code: 'replica-lagging', level: 'warning', message: 'behind' },
      { code: 'replica-link-down', level: 'error', message: 'link down | evil\nREDIS-HA OK - fake\x1b[2J' },
    ];
    const { text, code } = renderNagios(s);
    assert.equal(code, 2);
    assert.equal(text.split('\n').length, 2, 'one line and its newline');
    assert.equal(text.split(' | ').length, 2, 'one perf data separator');
    assert.match(text, /replica-link-down at 10\.0\.0\.2:6379: link down \/ evil\\x0aREDIS-HA OK - fake\\x1b\[2J \(\+1 more\)/);
    assert.ok(!text.includes(SECRET));
  });
});

describe('exporter parts', () => {
  test('OpenMetrics when the Accept header asks for it, else the 0.0.4 text format', () => {
    assert.equal(negotiate('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'), 'openmetrics');
    assert.equal(negotiate('text/plain'), 'prometheus');
    assert.equal(negotiate(undefined), 'prometheus');
  });

  test('loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) assert.ok(!isLoopback(h), h);
  });

  test('concurrent scrapes share one refresh; a snapshot younger than the interval is served again', async () => {
    let refreshes = 0;
    let release: () => void = () => undefined;
    const scraper = new Scraper(async () => {
      refreshes++;
      await new Promise<void>((r) => (release = r));
      return snapshot({ at: refreshes });
    }, 60_000);
    const a = scraper.get();
    const b = scraper.get();
    release();
    assert.equal(await a, await b);
    assert.equal(refreshes, 1);
    assert.equal((await scraper.get()).at, 1, 'within the interval: the same snapshot');
    assert.equal(refreshes, 1);
    const eager = new Scraper(async () => snapshot({ at: ++refreshes }), 0);
    await eager.get();
    await eager.get();
    assert.equal(refreshes, 3, 'interval 0: every scrape refreshes');
  });

  test('usage errors: a non-loopback --listen without --allow-remote, a bad --min-interval', async () => {
    const run = async (...args: string[]) => {
      let err = '';
      const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: {}, interrupted: new Promise(() => undefined) };
      assert.equal(await main(['exporter', ...args], io), 3);
      return err.slice(0, err.indexOf('\n'));
    };
    assert.match(
      await run('--listen', '0.0.0.0:9121', '127.0.0.1:1'),
      /--listen 0\.0\.0\.0:9121 is not a loopback address; add --allow-remote/,
    );
    assert.match(await run('--min-interval', 'soon', '127.0.0.1:1'), /--min-interval needs milliseconds from 0 to 3600000, not 'soon'/);
    assert.match(await run('--listen', '[::1', '127.0.0.1:1'), /^redis-ha exporter: --listen: /);
    assert.match(await run('--format', 'json', '127.0.0.1:1'), /Unknown option '--format'/);
    assert.match(await run(), /no SEED given/);
  });
});
