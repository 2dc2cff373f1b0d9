#!/usr/bin/env node
// tools/catalog/compare-ground-truth.mjs — lists every difference between the
// generated catalog and a directory of per-version directive tables
// (configs-<impl>-<version>.tsv, as in the team's shared ground truth), so
// each one can be investigated in the sources. A developer tool; not bundled.
//
//   node tools/catalog/compare-ground-truth.mjs [DIR] [--catalog FILE]
//
// DIR defaults to /work/shared/ground-truth. Exit status 0 always: the
// differences are for a person to settle, not a verdict.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const catIdx = args.indexOf('--catalog');
const catalogPath = catIdx >= 0 ? args.splice(catIdx, 2)[1] : join(root, 'server/catalog/generated/catalog.json');
const dir = args[0] ?? '/work/shared/ground-truth';

const FILES = {
  6.2: 'configs-redis-6.2.16.tsv',
  '7.0': 'configs-redis-7.0.15.tsv',
  7.2: 'configs-redis-7.2.6.tsv',
  7.4: 'configs-redis-7.4.1.tsv',
  '8.0': 'configs-redis-8.0-m01.tsv',
  'valkey-7.2': 'configs-valkey-7.2.7.tsv',
  'valkey-8.0': 'configs-valkey-8.0.1.tsv',
};

const data = JSON.parse(readFileSync(catalogPath, 'utf8'));

function ours(version) {
  const byName = new Map();
  for (const d of data.directives) {
    const v = d.variants.find((x) => x.versions.includes(version));
    if (!v) continue;
    byName.set(d.name, { name: d.name, v, alias: false });
    for (const a of v.aliases ?? []) byName.set(a, { name: d.name, v, alias: true });
  }
  return byName;
}

function typeOf(v) {
  const s = v.value;
  switch (s.kind) {
    case 'numeric':
      return `${s.type}${s.memory ? '(memory)' : ''}${s.percent ? '(percent)' : ''}${s.octal ? '(octal)' : ''}`;
    case 'string':
      return s.sds ? 'sds' : 'string';
    case 'special':
      return v.legacy ? 'legacy' : 'special';
    default:
      return s.kind;
  }
}

let total = 0;
for (const [version, file] of Object.entries(FILES)) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    console.log(`${version}: ${path} missing, skipped`);
    continue;
  }
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const head = rows.shift();
  const col = Object.fromEntries(head.map((h, i) => [h, i]));
  const mine = ours(version);
  const diffs = [];
  const theirNames = new Set();
  for (const r of rows) {
    const name = r[col.name];
    if (name.startsWith('<')) continue;
    const aliases = r[col.aliases] ? r[col.aliases].split(',') : [];
    for (const n of [name, ...aliases]) theirNames.add(n);
    const hit = mine.get(name);
    if (!hit) {
      diffs.push(`${name}: in the table (${r[col.type]}${r[col.notes] ? `, ${r[col.notes]}` : ''}), not in ours`);
      continue;
    }
    const v = hit.v;
    const theirType = r[col.type];
    const myType = typeOf(v);
    if (theirType !== myType) diffs.push(`${name}: type ${theirType} vs ours ${myType}`);
    if (r[col.enum_values] && v.value.kind === 'enum' && r[col.enum_values] !== v.value.values.join(',')) {
      diffs.push(`${name}: enum ${r[col.enum_values]} vs ours ${v.value.values.join(',')}`);
    }
    if (v.value.kind === 'numeric') {
      if (r[col.min] !== v.value.min) diffs.push(`${name}: min ${r[col.min]} vs ours ${v.value.min}`);
      if (r[col.max] !== v.value.max) diffs.push(`${name}: max ${r[col.max]} vs ours ${v.value.max}`);
    }
    const theirDefault = r[col.default];
    if (['bool', 'enum', 'numeric', 'string'].includes(v.value.kind) && theirDefault !== (v.default ?? '')) {
      const octalEqual = v.value.octal && theirDefault !== '' && Number(theirDefault) === parseInt(v.default ?? '', 8);
      if (!octalEqual) diffs.push(`${name}: default '${theirDefault}' vs ours '${v.default ?? ''}'`);
    }
    const theirFlags = r[col.flags]
      ? r[col.flags]
          .split('|')
          .filter((f) => f !== 'EMPTY_STRING_IS_NULL')
          .sort()
      : [];
    if (theirFlags.length && theirFlags.join('|') !== [...v.flags].sort().join('|')) {
      diffs.push(`${name}: flags ${theirFlags.join('|')} vs ours ${v.flags.join('|')}`);
    }
    if (r[col.flags]?.includes('EMPTY_STRING_IS_NULL') !== !!v.value.emptyIsNull && v.value.kind === 'string') {
      diffs.push(`${name}: EMPTY_STRING_IS_NULL ${r[col.flags]?.includes('EMPTY_STRING_IS_NULL')} vs ours ${!!v.value.emptyIsNull}`);
    }
    const theirAliases = aliases.sort().join(',');
    const myAliases = hit.alias
      ? [hit.name, ...(v.aliases ?? []).filter((a) => a !== name)].sort().join(',')
      : [...(v.aliases ?? [])].sort().join(',');
    if (theirAliases !== myAliases)
      diffs.push(`${name}: aliases '${theirAliases}' vs ours '${myAliases}'${hit.alias ? ` (ours: alias of ${hit.name})` : ''}`);
    const check = /is_valid=(\w+)/.exec(r[col.notes] ?? '');
    if (check && !v.value.check) diffs.push(`${name}: is_valid ${check[1]} not recorded in ours`);
    if (/USE_OPENSSL/.test(r[col.notes] ?? '') !== (v.buildDependent === 'tls'))
      diffs.push(`${name}: TLS guard ${r[col.notes]} vs ours ${v.buildDependent ?? '-'}`);
  }
  for (const [n, hit] of mine)
    if (!theirNames.has(n)) diffs.push(`${n}: in ours (${typeOf(hit.v)}${hit.alias ? `, alias of ${hit.name}` : ''}), not in the table`);
  total += diffs.length;
  console.log(
    `== ${version}: ${diffs.length} difference${diffs.length === 1 ? '' : 's'} (ours: ${[...mine.values()].filter((x) => !x.alias).length} directives)`,
  );
  for (const d of diffs.sort()) console.log(`  ${d}`);
}
console.log(`\n${total} differences in all`);
