/**
 * What the "Get started with Redis HA" walkthrough needs besides `vscode`:
 * its command ids, the code-action kind of "Apply profile…" and the example
 * config it opens. No `vscode` import, so the unit tests check it directly
 * (the example through the service: the mistakes its comments promise, and
 * nothing else).
 */

/** The walkthrough's id in package.json (`contributes.walkthroughs`). */
export const WALKTHROUGH_ID = 'redisHa.gettingStarted';

/** Opens the walkthrough (Welcome → Walkthroughs lists it too). */
export const OPEN_WALKTHROUGH_COMMAND = 'redisHa.openWalkthrough';

/** Opens EXAMPLE_CONFIG as a new untitled `redis-conf` document. */
export const OPEN_EXAMPLE_COMMAND = 'redisHa.openExample';

/** Opens the Source Action menu of a config editor, filtered to the profiles. */
export const APPLY_PROFILE_COMMAND = 'redisHa.applyProfile';

/**
 * The kind of the language server's profile actions (`source.redis-ha.profile.<id>`) and the
 * languages whose editors "Apply profile…" acts on: the service's own constants (its entry is
 * free of side effects, so the extension bundle takes these two and nothing else).
 */
export { LANGUAGES as CONFIG_LANGUAGES, PROFILE_ACTION_KIND as PROFILE_SOURCE_KIND } from '../server/service';

/**
 * A short redis.conf with two lines redis-server refuses (a misspelt
 * directive, an inline comment) and a durability weakness (RDB only, a write
 * guard looser than the Balanced profile), so every step of the walkthrough
 * has something to show. Line 1 is short: the summary is drawn at its end.
 */
export const EXAMPLE_CONFIG = `# Redis HA example: what a crash or a failover would cost →
#
# An example redis.conf from the Redis HA walkthrough, saved nowhere: edit
# it freely, or close it without saving. The end of line 1 is the summary;
# hover a part of it to see how it was worked out. Red squiggles are what
# redis-server would refuse to start with, yellow and blue ones what the
# durability guidance warns about; the light bulb on a line offers its fixes.

port 6379
bind 127.0.0.1 -::1
tcp-keepalve 300

# Persistence: a snapshot at most once an hour. The target: lose at most
# about a second of writes (without it, an hourly schedule reads as enough)
# redis-ha: rpo=1s
save 3600 1 # hourly
appendonly no

# Replication: accept writes only while a replica keeps up
min-replicas-to-write 1
min-replicas-max-lag 10

maxmemory 2gb
`;
