/**
 * The generated catalog: names per version against an independently compiled
 * version matrix, spot facts read from the sources, areas, commands and
 * Sentinel sub-commands, and the record of where it all came from.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { areaRule } from '../../server/catalog/areas';
import { catalog, VERSION_IDS, type VersionId } from '../../server/catalog/catalog';

const cat = catalog();
const data = cat.data;
const v = (id: VersionId) => cat.forVersion(id);
const variantOf = (id: VersionId, name: string) => {
  const lk = v(id).lookup(name);
  assert.ok(lk, `${name} exists in ${id}`);
  return lk.info.variant;
};

/**
 * Matrix columns for the versions the independent matrix has (it stops in
 * 2024). The newer versions are checked against their real binaries instead:
 * the differential suite writes every setting CONFIG GET * prints back into a
 * file and requires our verdict to match (test/differential, recorded in
 * test/fixtures/oracles).
 */
const MATRIX_COLUMNS: Partial<Record<VersionId, string>> = {
  '6.2': 'redis-6.2.16',
  '7.0': 'redis-7.0.15',
  '7.2': 'redis-7.2.6',
  '7.4': 'redis-7.4.1',
  'valkey-7.2': 'valkey-7.2.7',
  'valkey-8.0': 'valkey-8.0.1',
};
/** Names the catalog's newer patch release of a line has and the matrix's older tag lacks. */
const LATER_PATCH: Partial<Record<VersionId, string[]>> = {
  '6.2': ['lua-enable-deprecated-api'],
  '7.0': ['lua-enable-deprecated-api'],
  '7.2': ['lua-enable-deprecated-api'],
  '7.4': ['lua-enable-deprecated-api'],
  'valkey-7.2': ['lua-enable-insecure-api'],
  'valkey-8.0': ['lua-enable-insecure-api'],
};
/** Their legacy spellings (aliases: no directive of their own). */
const LATER_PATCH_ALIASES: Partial<Record<VersionId, string[]>> = {
  'valkey-7.2': ['lua-enable-deprecated-api'],
  'valkey-8.0': ['lua-enable-deprecated-api'],
};
const MATRIX_IDS = VERSION_IDS.filter((id) => MATRIX_COLUMNS[id]);
/** Settings only LOG_REQ_RES test builds compile: the matrix lists them, production servers refuse them. */
const TEST_BUILD_ONLY = new Set(['req-res-logfile', 'client-default-resp']);

function matrix(): Map<VersionId, { names: Set<string>; canonical: number }> {
  const rows = readFileSync(join(__dirname, '..', 'fixtures', 'catalog', 'VERSION-MATRIX.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  const head = rows.shift()!;
  const out = new Map<VersionId, { names: Set<string>; canonical: number }>();
  for (const id of MATRIX_IDS) {
    const col = head.indexOf(MATRIX_COLUMNS[id]!);
    assert.ok(col > 0, `matrix column ${MATRIX_COLUMNS[id]}`);
    const names = new Set<string>();
    let canonical = 0;
    for (const r of rows) {
      const name = r[0];
      const cell = r[col];
      if (cell === '-' || name.startsWith('<') || TEST_BUILD_ONLY.has(name)) continue;
      names.add(name);
      if (!cell.startsWith('alias->')) canonical++;
    }
    for (const n of LATER_PATCH[id] ?? []) {
      names.add(n);
      canonical++;
    }
    for (const n of LATER_PATCH_ALIASES[id] ?? []) names.add(n);
    out.set(id, { names, canonical });
  }
  return out;
}

describe('directives per version', () => {
  const m = matrix();
  const EXPECTED: Record<VersionId, number> = {
    '6.2': 164,
    '7.0': 187,
    '7.2': 192,
    '7.4': 195,
    '8.0': 198,
    '8.2': 202,
    '8.4': 208,
    '8.6': 212,
    '8.8': 217,
    'valkey-7.2': 192,
    'valkey-8.0': 207,
    'valkey-8.1': 221,
    'valkey-9.0': 232,
    'valkey-9.1': 237,
  };

  test('directive counts per version', () => {
    for (const id of VERSION_IDS) assert.equal(v(id).directives().length, EXPECTED[id], id);
  });

  for (const id of MATRIX_IDS) {
    test(`${id}: the names the matrix lists, no more, no fewer`, () => {
      const ours = new Set(
        v(id)
          .directives()
          .flatMap((i) => [i.name, ...(i.variant.aliases ?? [])]),
      );
      const theirs = m.get(id)!.names;
      assert.deepEqual([...ours].filter((n) => !theirs.has(n)).sort(), [], 'in the catalog, not in the matrix');
      assert.deepEqual([...theirs].filter((n) => !ours.has(n)).sort(), [], 'in the matrix, not in the catalog');
      assert.equal(v(id).directives().length, m.get(id)!.canonical);
      assert.equal(v(id).directives().length, EXPECTED[id]);
    });
  }

  test('hand-parsed directives exist in every version, with the argument counts the loader requires', () => {
    for (const id of VERSION_IDS) {
      for (const [name, min, max] of [
        ['include', 2, 2],
        ['rename-command', 3, 3],
        ['user', 2, undefined],
        ['loadmodule', 2, undefined],
      ] as const) {
        const spec = variantOf(id, name).value;
        assert.equal(spec.kind, 'special');
        if (spec.kind === 'special') assert.deepEqual([spec.argcMin, spec.argcMax], [min, max], `${id} ${name}`);
        assert.equal(variantOf(id, name).legacy, true);
      }
    }
    assert.deepEqual(variantOf('6.2', 'save').value, { kind: 'special', form: 'save', argcMin: 1 });
    assert.deepEqual(variantOf('6.2', 'client-output-buffer-limit').value, {
      kind: 'special',
      form: 'client-output-buffer-limit',
      argcMin: 5,
      argcMax: 5,
    });
    assert.deepEqual(variantOf('6.2', 'oom-score-adj-values').value, {
      kind: 'special',
      form: 'oom-score-adj-values',
      argcMin: 4,
      argcMax: 4,
    });
    assert.equal(variantOf('7.0', 'save').legacy, undefined);
  });

  test('names accepted and ignored, with their argument count', () => {
    assert.deepEqual(variantOf('6.2', 'list-max-ziplist-entries').value, { kind: 'deprecated', argcMin: 2, argcMax: 2 });
    for (const id of VERSION_IDS.filter((x) => x !== '6.2')) {
      for (const n of ['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']) {
        assert.deepEqual(variantOf(id, n).value, { kind: 'deprecated', argcMin: 2, argcMax: 2 }, `${id} ${n}`);
      }
    }
    assert.deepEqual(variantOf('6.2', 'lua-replicate-commands').value, { kind: 'bool' });
  });
});

describe('spot facts from the sources', () => {
  test('legacy aliases', () => {
    const alias = (id: VersionId, old: string, name: string) => {
      const lk = v(id).lookup(old);
      assert.equal(lk?.info.name, name, `${id}: ${old}`);
      assert.equal(lk?.viaAlias, old);
    };
    for (const id of VERSION_IDS) {
      alias(id, 'slaveof', 'replicaof');
      alias(id, 'min-slaves-to-write', 'min-replicas-to-write');
      alias(id, 'min-slaves-max-lag', 'min-replicas-max-lag');
      alias(id, 'slave-read-only', 'replica-read-only');
    }
    for (const id of VERSION_IDS.filter((x) => x !== '6.2')) {
      alias(id, 'hash-max-ziplist-entries', 'hash-max-listpack-entries');
      alias(id, 'zset-max-ziplist-value', 'zset-max-listpack-value');
      alias(id, 'list-max-ziplist-size', 'list-max-listpack-size');
      alias(id, 'lua-time-limit', 'busy-reply-threshold');
    }
    // in 6.2 the ziplist names are the directives themselves
    assert.equal(v('6.2').lookup('hash-max-ziplist-entries')?.viaAlias, undefined);
    alias('7.4', 'server_cpulist', 'server-cpulist');
    assert.equal(v('7.2').lookup('server_cpulist')?.viaAlias, undefined);
    alias('valkey-8.0', 'masterauth', 'primaryauth');
    alias('valkey-8.0', 'masteruser', 'primaryuser');
    assert.equal(v('8.0').lookup('primaryauth'), undefined);
  });

  test('versions where a directive exists', () => {
    const where = (n: string) => [...new Set(cat.versionsHaving(n).map((e) => e.version))];
    const from = (first: VersionId, ...more: VersionId[]) => [
      ...VERSION_IDS.filter((x) => !x.startsWith('valkey-') && VERSION_IDS.indexOf(x) >= VERSION_IDS.indexOf(first)),
      ...more,
    ];
    const valkey = (first: string) =>
      VERSION_IDS.filter((x) => x.startsWith('valkey-') && VERSION_IDS.indexOf(x) >= VERSION_IDS.indexOf(first as VersionId));
    assert.deepEqual(where('maxmemory-clients'), [...from('7.0'), ...valkey('valkey-7.2')]);
    assert.deepEqual(where('locale-collate'), [...from('7.2'), ...valkey('valkey-7.2')]);
    assert.deepEqual(where('hide-user-data-from-log'), [...from('7.4'), ...valkey('valkey-8.0')]);
    assert.deepEqual(where('gopher-enabled'), ['6.2']);
    assert.deepEqual(where('availability-zone'), valkey('valkey-8.0'));
    assert.deepEqual(where('key-memory-histograms'), ['8.6', '8.8']);
    assert.deepEqual(where('tls-auth-clients-user'), ['8.6', '8.8', 'valkey-9.0', 'valkey-9.1']);
    assert.deepEqual(where('cluster-databases'), ['valkey-9.0', 'valkey-9.1']);
    assert.deepEqual(where('commandlog-execution-slower-than'), valkey('valkey-8.1'));
    assert.deepEqual(where('lua-enable-deprecated-api'), [...from('6.2'), ...valkey('valkey-7.2')]);
    assert.deepEqual(where('masterauth'), [...VERSION_IDS]);
    assert.equal(cat.versionsHaving('masterauth').find((e) => e.version === 'valkey-8.0')?.name, 'primaryauth');
  });

  test('enum values and defaults', () => {
    assert.deepEqual(variantOf('7.0', 'maxmemory-policy').value, {
      kind: 'enum',
      values: [
        'volatile-lru',
        'volatile-lfu',
        'volatile-random',
        'volatile-ttl',
        'allkeys-lru',
        'allkeys-lfu',
        'allkeys-random',
        'noeviction',
      ],
    });
    assert.equal(variantOf('7.0', 'maxmemory-policy').default, 'noeviction');
    assert.deepEqual((variantOf('7.0', 'loglevel').value as { values: string[] }).values, ['debug', 'verbose', 'notice', 'warning']);
    assert.deepEqual((variantOf('7.2', 'loglevel').value as { values: string[] }).values, [
      'debug',
      'verbose',
      'notice',
      'warning',
      'nothing',
    ]);
    assert.equal(variantOf('7.0', 'loglevel').default, 'notice');
    assert.equal(variantOf('6.2', 'acl-pubsub-default').default, 'allchannels');
    assert.equal(variantOf('7.0', 'acl-pubsub-default').default, 'resetchannels');
    assert.equal(variantOf('7.0', 'syslog-facility').default, 'local0');
    assert.deepEqual(variantOf('7.0', 'shutdown-on-sigterm').value, {
      kind: 'enum',
      values: ['default', 'save', 'nosave', 'now', 'force'],
      multi: true,
      check: 'shutdown-on-sig-flags',
    });
    assert.equal(variantOf('7.0', 'shutdown-on-sigterm').default, 'default');
  });

  test('numbers: types, bounds, memory / percent / octal parsing, defaults evaluated', () => {
    assert.deepEqual(variantOf('7.0', 'maxmemory').value, {
      kind: 'numeric',
      type: 'ulonglong',
      min: '0',
      max: '18446744073709551615',
      memory: true,
    });
    assert.deepEqual(variantOf('7.0', 'maxmemory-clients').value, {
      kind: 'numeric',
      type: 'ssize_t',
      min: '-100',
      max: '9223372036854775807',
      memory: true,
      percent: true,
    });
    assert.deepEqual(variantOf('7.0', 'unixsocketperm').value, { kind: 'numeric', type: 'uint', min: '0', max: '511', octal: true });
    assert.equal(variantOf('6.2', 'unixsocketperm').value.kind, 'special');
    assert.deepEqual(variantOf('7.0', 'proto-max-bulk-len').value, {
      kind: 'numeric',
      type: 'longlong',
      min: '1048576',
      max: '9223372036854775807',
      memory: true,
    });
    assert.equal(variantOf('7.0', 'proto-max-bulk-len').default, '536870912');
    assert.equal(variantOf('7.0', 'active-defrag-ignore-bytes').default, '104857600');
    assert.equal(variantOf('7.0', 'repl-backlog-ttl').default, '3600');
    assert.equal(variantOf('7.0', 'hz').default, '10');
    assert.deepEqual(variantOf('7.0', 'list-max-listpack-size').value, {
      kind: 'numeric',
      type: 'int',
      min: '-2147483648',
      max: '2147483647',
    });
    assert.equal(variantOf('7.0', 'list-max-listpack-size').default, '-2');
    // a plain integer: no units, no percent
    assert.deepEqual(variantOf('7.0', 'timeout').value, { kind: 'numeric', type: 'int', min: '0', max: '2147483647' });
  });

  test('strings, special forms and their defaults as CONFIG GET prints them', () => {
    assert.deepEqual(variantOf('7.0', 'masterauth').value, { kind: 'string', sds: true, emptyIsNull: true });
    assert.equal(variantOf('7.0', 'unixsocket').default, '');
    assert.equal(variantOf('7.0', 'syslog-ident').default, 'redis');
    assert.equal(variantOf('valkey-8.0', 'syslog-ident').default, 'valkey');
    assert.equal(variantOf('7.0', 'proc-title-template').default, '{title} {listen-addr} {server-mode}');
    assert.equal(variantOf('7.0', 'save').default, '3600 1 300 100 60 10000');
    assert.equal(variantOf('6.2', 'save').default, '3600 1 300 100 60 10000');
    assert.equal(
      variantOf('7.0', 'client-output-buffer-limit').default,
      'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    );
    assert.equal(variantOf('7.0', 'oom-score-adj-values').default, '0 200 800');
    assert.equal(variantOf('7.0', 'bind').default, '* -::*');
    assert.equal(variantOf('6.2', 'bind').default, '');
    assert.equal(variantOf('7.0', 'latency-tracking-info-percentiles').default, '50 99 99.9');
    assert.equal(variantOf('7.0', 'dir').default, undefined);
  });

  test('is_valid checks, with a distinct id where the rules differ between versions', () => {
    assert.equal((variantOf('7.0', 'dbfilename').value as { check?: string }).check, 'dbfilename');
    assert.equal((variantOf('valkey-8.0', 'dbfilename').value as { check?: string }).check, 'dbfilename-nonempty');
    assert.equal((variantOf('6.2', 'appendfilename').value as { check?: string }).check, 'aof-filename-basename');
    assert.equal((variantOf('7.0', 'appendfilename').value as { check?: string }).check, 'aof-filename');
    assert.equal((variantOf('valkey-8.0', 'cluster-config-file').value as { check?: string }).check, 'cluster-config-file');
    assert.equal((variantOf('7.0', 'cluster-config-file').value as { check?: string }).check, undefined);
    assert.equal((variantOf('valkey-8.0', 'cluster-announce-client-ipv4').value as { check?: string }).check, 'ipv4');
    assert.equal((variantOf('7.0', 'activedefrag').value as { check?: string }).check, 'active-defrag');
  });

  test('runtime-changeable (CONFIG SET) or not', () => {
    const rt = (id: VersionId, n: string) => v(id).lookup(n)!.info.runtime;
    assert.equal(rt('7.0', 'maxmemory'), true);
    assert.equal(rt('7.0', 'appendonly'), true);
    assert.equal(rt('7.0', 'daemonize'), false);
    assert.equal(rt('7.0', 'databases'), false);
    assert.equal(rt('7.0', 'replicaof'), false);
    assert.equal(rt('7.0', 'include'), false);
    // 6.2 sets these by hand in CONFIG SET
    assert.equal(rt('6.2', 'save'), true);
    assert.equal(rt('6.2', 'client-output-buffer-limit'), true);
    assert.equal(rt('6.2', 'unixsocketperm'), false);
    assert.equal(rt('6.2', 'logfile'), false);
  });

  test('build-dependent directives', () => {
    assert.equal(variantOf('6.2', 'tls-port').buildDependent, 'tls');
    assert.equal(variantOf('7.0', 'tls-cert-file').buildDependent, 'tls');
    assert.equal(variantOf('7.2', 'tls-port').buildDependent, undefined);
    for (const id of VERSION_IDS) assert.equal(v(id).lookup('req-res-logfile'), undefined);
  });
});

describe('areas', () => {
  test('every directive of every version lands in a deliberate area', () => {
    const fallThrough: string[] = [];
    for (const id of VERSION_IDS) {
      for (const info of v(id).directives()) {
        const rule = areaRule(info.name);
        if (!rule) fallThrough.push(`${id} ${info.name}`);
        else assert.equal(info.area, rule.area);
      }
    }
    assert.deepEqual(fallThrough, []);
  });
  test('a few areas', () => {
    assert.equal(v('7.0').lookup('appendfsync')!.info.area, 'persistence');
    assert.equal(v('7.0').lookup('min-replicas-to-write')!.info.area, 'replication');
    assert.equal(v('valkey-8.0').lookup('primaryauth')!.info.area, 'replication');
    assert.equal(v('7.4').lookup('server-cpulist')!.info.area, 'performance');
    assert.equal(v('valkey-8.0').lookup('enable-debug-assert')!.info.area, 'debug');
  });
});

describe('commands, sub-commands and ACL categories', () => {
  test('the usual suspects are commands in every version', () => {
    for (const id of VERSION_IDS) {
      for (const c of ['config', 'flushall', 'flushdb', 'keys', 'debug', 'shutdown', 'acl', 'get', 'set', 'eval'])
        assert.ok(v(id).hasCommand(c), `${id} ${c}`);
      assert.ok(data.commands[id].length > 200, `${id}: ${data.commands[id].length} commands`);
      assert.equal(v(id).hasCommand('sentinel'), false, 'sentinel is a Sentinel-only command');
    }
    assert.ok(v('7.0').hasCommand('function'));
    assert.equal(v('6.2').hasCommand('function'), false);
    assert.ok(v('7.4').hasCommand('hexpire'));
    assert.equal(v('7.2').hasCommand('hexpire'), false);
  });
  test('sub-commands from the 7.0+ command tables; 6.2 has none (its ACL accepts any first argument)', () => {
    assert.ok(v('7.0').subcommands('acl')!.includes('setuser'));
    assert.ok(v('7.0').subcommands('config')!.includes('get'));
    assert.ok(v('7.0').subcommands('config')!.includes('rewrite'));
    assert.ok(v('7.0').subcommands('client')!.includes('kill'));
    assert.equal(v('7.0').subcommands('get'), undefined);
    assert.equal(v('7.0').subcommands('sentinel'), undefined);
    assert.deepEqual(data.subcommands['6.2'], {});
  });
  test('ACL categories from acl.c', () => {
    for (const id of VERSION_IDS) {
      for (const c of ['keyspace', 'read', 'write', 'admin', 'dangerous', 'fast', 'slow', 'scripting', 'connection'])
        assert.ok(v(id).hasAclCategory(c), `${id} @${c}`);
      assert.equal(v(id).hasAclCategory('bogus'), false);
    }
  });
  test('Sentinel command tables', () => {
    for (const id of VERSION_IDS) {
      const s = data.sentinelCommands?.[id] ?? [];
      assert.ok(s.includes('sentinel') && s.includes('ping') && s.includes('auth'), id);
      assert.equal(s.includes('flushall'), false);
    }
  });
});

describe('sentinel sub-commands', () => {
  test('names, aliases, argument counts and load groups', () => {
    const s = (id: VersionId, n: string) => v(id).sentinelSubcommand(n);
    for (const id of VERSION_IDS) {
      assert.equal(s(id, 'known-slave')?.name, 'known-replica');
      assert.deepEqual(s(id, 'known-sentinel')?.argc, [3, 4]);
      assert.deepEqual(s(id, 'monitor')?.argc, [4]);
      assert.equal(s(id, 'monitor')?.phase, 'monitor');
      assert.equal(s(id, 'myid')?.phase, 'pre-monitor');
      assert.equal(s(id, 'myid')?.perMaster, false);
      assert.equal(s(id, 'auth-pass')?.perMaster, true);
      assert.equal(s(id, 'auth-pass')?.phase, 'post-monitor');
      assert.ok(s(id, 'resolve-hostnames'));
    }
    assert.equal(s('6.2', 'master-reboot-down-after-period'), undefined);
    assert.equal(s('7.0', 'master-reboot-down-after-period')?.name, 'master-reboot-down-after-period');
    assert.equal(s('valkey-8.0', 'master-reboot-down-after-period')?.name, 'primary-reboot-down-after-period');
    assert.equal(s('valkey-7.2', 'primary-reboot-down-after-period'), undefined);
    for (const sub of data.sentinel) assert.equal(sub.args.length, Math.max(...sub.argc), sub.name);
  });
});

describe('provenance and shape', () => {
  test('every version names its repository, ref and commit', () => {
    assert.match(data.generatedBy, /tools\/catalog\/generate\.mjs/);
    for (const id of VERSION_IDS) {
      const src = data.sources[id];
      assert.match(src.commit, /^[0-9a-f]{40}$/);
      assert.ok(src.files.includes('src/config.c') && src.files.includes('src/sentinel.c'), id);
      assert.equal(src.repo, id.startsWith('valkey') ? 'hanzoai/kv' : /^[67]\./.test(id) ? 'redis/redis' : 'minchopaskal/redis');
      assert.ok(src.semantics, `${id} records how its loader behaves`);
      // a Valkey tag reports its own version; a Redis 8 line is an unstable commit, which says so
      if (id.startsWith('valkey')) assert.equal(src.version?.slice(0, 3), id.slice(7));
      else if (/^8\./.test(id)) assert.match(src.note ?? '', new RegExp(`unstable where ${id.replace('.', '\\.')} branched`));
    }
    assert.equal(data.sources['7.0'].ref, '7.0.15');
    assert.equal(data.sources['valkey-9.1'].ref, '9.1.0');
    assert.equal(data.sources['8.8'].commit, '95040d61d59ecd8e85b7c6042aef7031a48579ca');
    // what patch releases took after the line branched is recorded with the release
    assert.deepEqual(
      data.sources['8.2'].backports?.map((b) => b.since),
      ['8.2.2', '8.2.7'],
    );
    // generatedAt is the newest source commit, so regenerating unchanged sources changes nothing
    assert.equal(
      data.generatedAt,
      VERSION_IDS.map((id) => data.sources[id].date!)
        .sort()
        .at(-1),
    );
  });
  test('one variant per distinct definition, each version in at most one variant', () => {
    for (const d of data.directives) {
      const bodies = d.variants.map(({ versions: _v, ...rest }) => JSON.stringify(rest));
      assert.equal(new Set(bodies).size, bodies.length, `${d.name} has two equal variants`);
      const vs = d.variants.flatMap((x) => x.versions);
      assert.equal(new Set(vs).size, vs.length, `${d.name} lists a version twice`);
    }
    const names = data.directives.map((d) => d.name);
    assert.deepEqual(names, [...names].sort());
  });
});
