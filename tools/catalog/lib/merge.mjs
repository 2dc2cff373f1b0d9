// Joins the per-version facts into the catalog's shape: one variant per
// distinct definition with the versions it holds in, stable key order, and a
// line-oriented JSON layout that keeps diffs between generations readable.

const VALUE_KEYS = [
  'kind',
  'values',
  'multi',
  'type',
  'min',
  'max',
  'memory',
  'percent',
  'octal',
  'signedMemory',
  'sds',
  'emptyIsNull',
  'check',
  'form',
  'argcMin',
  'argcMax',
];

function ordered(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!keys.includes(k)) throw new Error(`unexpected key ${k}`);
  return out;
}

/** A variant without its versions, in a canonical form (so equal definitions compare equal as JSON). */
function variantBody(e) {
  return {
    aliases: e.aliases?.length ? [...e.aliases].sort() : undefined,
    value: ordered(e.value, VALUE_KEYS),
    default: e.default,
    flags: [...e.flags].sort(),
    legacy: e.legacy || undefined,
    module: e.module,
    buildDependent: e.buildDependent,
  };
}

export function mergeDirectives(ids, entriesOf) {
  const byName = new Map();
  for (const id of ids) {
    const seen = new Map();
    for (const e of entriesOf(id)) {
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        if (seen.has(n)) throw new Error(`${id}: '${n}' is defined twice (${seen.get(n)} and ${e.name})`);
        seen.set(n, e.name);
      }
      const body = variantBody(e);
      const key = JSON.stringify(body);
      if (!byName.has(e.name)) byName.set(e.name, new Map());
      const variants = byName.get(e.name);
      if (!variants.has(key)) variants.set(key, { versions: [], body });
      variants.get(key).versions.push(id);
    }
  }
  return [...byName.keys()].sort().map((name) => ({
    name,
    variants: [...byName.get(name).values()].map(({ versions, body }) => {
      const v = { versions };
      for (const [k, val] of Object.entries(body)) if (val !== undefined) v[k] = val;
      return v;
    }),
  }));
}

/** Sentinel sub-commands: one entry per distinct definition, in the order they first appear in the sources. */
export function mergeSentinel(ids, entriesOf) {
  const merged = new Map();
  for (const id of ids) {
    for (const s of entriesOf(id)) {
      const body = { name: s.name, aliases: s.aliases, args: s.args, argc: s.argc, perMaster: s.perMaster, phase: s.phase };
      const key = JSON.stringify(body);
      if (!merged.has(key)) merged.set(key, { ...body, versions: [] });
      merged.get(key).versions.push(id);
    }
  }
  return [...merged.values()].map((s) => {
    const out = {};
    for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
    return out;
  });
}

/** JSON with one directive variant, sentinel entry or command list per line. */
export function serialize(data) {
  const j = (x) => JSON.stringify(x);
  const lines = ['{'];
  const top = Object.keys(data);
  top.forEach((key, i) => {
    const comma = i < top.length - 1 ? ',' : '';
    const val = data[key];
    if (key === 'directives') {
      lines.push(`  ${j(key)}: [`);
      val.forEach((d, k) => {
        lines.push(`    {"name": ${j(d.name)}, "variants": [`);
        d.variants.forEach((v, m) => {
          lines.push(`      ${j(v)}${m < d.variants.length - 1 ? ',' : ''}`);
        });
        lines.push(`    ]}${k < val.length - 1 ? ',' : ''}`);
      });
      lines.push(`  ]${comma}`);
    } else if (key === 'sentinel') {
      lines.push(`  ${j(key)}: [`);
      val.forEach((s, k) => {
        lines.push(`    ${j(s)}${k < val.length - 1 ? ',' : ''}`);
      });
      lines.push(`  ]${comma}`);
    } else if (val && typeof val === 'object' && !Array.isArray(val)) {
      lines.push(`  ${j(key)}: {`);
      const ks = Object.keys(val);
      ks.forEach((k, m) => {
        lines.push(`    ${j(k)}: ${j(val[k])}${m < ks.length - 1 ? ',' : ''}`);
      });
      lines.push(`  }${comma}`);
    } else {
      lines.push(`  ${j(key)}: ${j(val)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
