/**
 * The live view's manifest entries agree with the code: thresholds and their
 * defaults, commands registered and contributed, menus, the view, trust.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_REFRESH_SECONDS, DEFAULT_THRESHOLDS, DEFAULT_TIMEOUT_MS } from '../../health';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const props = manifest.contributes.configuration.properties as Record<string, { default: unknown; type: string }>;
const live = readFileSync(join(ROOT, 'client', 'live', 'index.ts'), 'utf8');

describe('package.json for the live view', () => {
  test('every threshold is a setting with the same default, and nothing else is', () => {
    for (const [k, v] of Object.entries(DEFAULT_THRESHOLDS)) assert.equal(props[`redisHa.health.${k}`]?.default, v, k);
    const declared = Object.keys(props).filter((k) => k.startsWith('redisHa.health.')).map((k) => k.slice('redisHa.health.'.length));
    assert.deepEqual(declared.sort(), [...Object.keys(DEFAULT_THRESHOLDS), 'refreshInterval', 'timeout', 'allowedAddresses'].sort());
    assert.equal(props['redisHa.health.refreshInterval'].default, DEFAULT_REFRESH_SECONDS);
    assert.equal(props['redisHa.health.timeout'].default, DEFAULT_TIMEOUT_MS);
    // a restriction a workspace must not be able to lift
    assert.equal((props['redisHa.health.allowedAddresses'] as unknown as { scope: string }).scope, 'application');
  });
  test('connections: no password property, workspace values restricted until trust', () => {
    const item = (props['redisHa.connections'] as unknown as { items: { properties: Record<string, unknown>; additionalProperties: boolean } }).items;
    assert.deepEqual(Object.keys(item.properties).sort(), ['ca', 'cert', 'host', 'key', 'master', 'name', 'port', 'servername', 'tls', 'username']);
    assert.equal(item.additionalProperties, false);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['redisHa.connections']);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });
  test('commands registered in code are contributed, and menus only name contributed commands', () => {
    const registered = [...live.matchAll(/command\('(redisHa\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
    const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    for (const r of registered) assert.ok(contributed.includes(r), r);
    const menus = Object.values(manifest.contributes.menus as Record<string, Array<{ command: string }>>).flat();
    for (const m of menus) assert.ok(contributed.includes(m.command) || m.command === 'redisHa.showLog', m.command);
    assert.ok(registered.length >= 8);
  });
  test('the view lives in its own container, with an icon that exists', () => {
    assert.deepEqual(manifest.contributes.views.redisHa.map((v: { id: string }) => v.id), ['redisHa.health']);
    assert.match(live, /VIEW_ID = 'redisHa\.health'/);
    const icon = manifest.contributes.viewsContainers.activitybar[0].icon as string;
    assert.match(readFileSync(join(ROOT, icon), 'utf8'), /^<svg /);
  });
});
