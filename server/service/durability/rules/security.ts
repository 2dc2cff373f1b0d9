/**
 * Rules about who can reach the data and whether replicas can follow a new
 * primary. Protected mode (redis src/networking.c): in 7.0+ it refuses
 * non-local clients whenever the default user has no password; in 6.2 only
 * when no bind line is given. A Sentinel runs with protected mode off by
 * default (sentinel.c: "Sentinel must be exposed").
 */
import { isLoopback } from '../../ip';
import { defaultUserAuth } from '../../crossfile/workspace';
import { familyOf } from '../../values';
import { clause } from '../../../catalog/guidance';
import { I, W } from '../../severity';
import { addAfterFix, setFix, inGroup } from './common';
import { always, rule, type Fix, type RuleContext } from './types';

/** 24 random bytes from the platform's Web Crypto (Node and browsers alike), as base64url: 32 characters. */
function generatedPassword(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export const exposedWithoutAuth = rule({
  id: 'exposed-without-auth',
  languages: ['redis-conf', 'sentinel-conf'],
  title: 'Reachable from other hosts with no password and no protected mode (`protected-mode no`, or a 6.2 `bind` line).',
  guidance: 'exposed',
  directives: ['protected-mode'],
  severity: always(W),
  milder: { when: 'in a sentinel.conf (Sentinels must reach each other)', severity: always(I) },
  fix: 'Set protected-mode yes, listen on loopback only, or require a generated password',
  check(ctx) {
    const c = ctx.config;
    if (c.int('port') === 0) return; // no TCP listener
    const auth = defaultUserAuth(c);
    if (auth.state !== 'open') return;
    const bind = c.line('bind');
    const addresses = bind ? bind.line.args.map((a) => a.value) : undefined;
    const nonLocal = addresses ? addresses.filter((a) => !isLoopback(a)) : ['*'];
    if (!nonLocal.length) return;
    const v6 = familyOf(c.version) === 'v6';
    const protectedMode = c.bool('protected-mode');
    const protects = protectedMode && (!v6 || !bind);
    if (protects) return;
    const pmLine = c.line('protected-mode');
    const sentinel = ctx.model.language === 'sentinel-conf';
    const port = c.int('port');
    const reach = addresses ? `bound to ${nonLocal.join(' ')}` : 'listening on every interface (no bind line)';
    const why = protectedMode
      ? 'in Redis 6.2 protected mode only applies when there is no bind line'
      : `protected-mode no${pmLine ? '' : " (a Sentinel's default)"}`;
    ctx.report({
      milder: sentinel,
      at: (protectedMode ? bind : (pmLine ?? bind)) ?? 'top',
      message: sentinel
        ? `${why}, ${reach}, and no requirepass: anyone who can reach port ${port} can reconfigure this Sentinel or force a failover (SENTINEL SET, SENTINEL FAILOVER)`
        : `${why}, ${reach}, and no password for the default user on port ${port}: ${clause('exposed')}`,
      related: [
        ...(bind && bind !== pmLine ? [{ at: bind, message: 'the addresses it listens on' }] : []),
        ...(pmLine && protectedMode === false ? [{ at: pmLine, message: 'protected mode is off here' }] : []),
      ],
      fixes: () => {
        const fixes: Fix[] = [];
        if (!sentinel && (!v6 || !bind))
          fixes.push(
            setFix(ctx, 'Set protected-mode yes (only local clients until a password is set)', [['protected-mode', ['yes']]], true),
          );
        if (!sentinel)
          fixes.push(setFix(ctx, 'Listen on loopback only (bind 127.0.0.1 -::1)', [['bind', ['127.0.0.1', '-::1']]], v6 && !!bind));
        fixes.push(passwordFix(ctx, sentinel));
        return fixes;
      },
    });
  },
});

function passwordFix(ctx: RuleContext, sentinel: boolean): Fix {
  return setFix(
    ctx,
    sentinel
      ? 'Require a password (requirepass, generated) — give the other Sentinels `sentinel sentinel-pass` with it'
      : 'Require a password (requirepass, generated) — give clients and replicas (masterauth) the same one',
    [['requirepass', [generatedPassword()]]],
    sentinel,
  );
}

export const masterauthMissing = rule({
  id: 'masterauth-missing',
  languages: ['redis-conf'],
  title: '`requirepass` without `masterauth`: after a failover this node cannot sync from the new primary.',
  guidance: 'masterauth',
  directives: ['masterauth'],
  severity: always(W),
  fix: 'Set masterauth to the requirepass password',
  check(ctx) {
    const c = ctx.config;
    if (!inGroup(ctx)) return; // a standalone node never syncs from anyone
    const auth = defaultUserAuth(c);
    if (auth.state !== 'password' || !auth.line) return;
    const ma = c.line('masterauth');
    if (ma?.line.args[0]?.value) return;
    const replica = ctx.model.replication?.role === 'replica';
    ctx.report({
      at: auth.line,
      message: `${auth.via === 'user' ? 'the default user has a password' : 'requirepass is set'} but masterauth is not: ${replica ? 'this replica cannot authenticate to its primary, so it never syncs' : 'after a failover this node becomes a replica of the new primary, which requires the same password, so it cannot sync and stays stale'}`,
      related: ma ? [{ at: ma, message: 'masterauth is empty here' }] : [],
      fixes: () => {
        if (auth.password === undefined) return [];
        const name = c.canon('masterauth');
        if (ma) return [setFix(ctx, `Set ${name} to the requirepass password`, [[name, [auth.password]]], true)];
        return [addAfterFix(`Add ${name} with the same password`, auth.line!, name, [auth.password])];
      },
    });
  },
});

export const SECURITY_RULES = [exposedWithoutAuth, masterauthMissing] as const;
