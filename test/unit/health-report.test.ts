/**
 * The CLI's renderings are safe for a terminal: text escapes control
 * characters that came from a config file or a server, JSON escapes the ones
 * JSON.stringify leaves raw, and both keep every other character.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeControl, jsonLine, renderText, type Snapshot } from '../../health';

const EVIL =
  "redis.conf:3: maxmemory-policy: the file sets '\x1b]0;pwned\x07\x1b[2J', the live node runs 'noeviction'\nok fake line\r\u009b31m\u202egnp.exe";

function snapshot(): Snapshot {
  return {
    at: 0,
    durationMs: 1,
    health: 'warning',
    events: [],
    connections: [
      { id: 'c', name: 'c\x1b[1m', kind: 'replication', seeds: ['h:1'], health: 'warning', problems: [], groups: ['c/g'], reachable: true },
    ],
    groups: [
      {
        id: 'c/g',
        connection: 'c',
        kind: 'replication',
        name: 'h:1',
        health: 'warning',
        problems: [],
        primary: 'h:1',
        replicas: [],
        sentinels: [],
      },
    ],
    nodes: [
      {
        address: 'h:1',
        connection: 'c',
        group: 'c/g',
        role: 'primary',
        health: 'warning',
        problems: [{ code: 'file-drift', level: 'warning', message: EVIL }],
        notes: [],
      },
    ],
  };
}

test('text: control characters, newlines, C1 and bidi overrides are shown escaped', () => {
  const text = renderText(snapshot());
  assert.doesNotMatch(text.replace(/\n/g, ''), /[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
  assert.ok(text.includes("'\\x1b]0;pwned\\x07\\x1b[2J'"), text);
  assert.ok(text.includes('\\x0aok fake line\\x0d\\u009b31m\\u202egnp.exe'), text);
  assert.equal(text.split('\n').filter((l) => l.startsWith('ok fake line')).length, 0, 'a value cannot start a line of its own');
  assert.equal(escapeControl('plain – “text” ✓'), 'plain – “text” ✓');
});

test('JSON: no raw control character, and the same value after parsing', () => {
  const line = jsonLine(snapshot());
  assert.doesNotMatch(line, /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  const back = JSON.parse(line) as { nodes: Array<{ problems: Array<{ message: string }> }>; connections: Array<{ name: string }> };
  assert.equal(back.nodes[0].problems[0].message, EVIL);
  assert.equal(back.connections[0].name, 'c\x1b[1m');
});
