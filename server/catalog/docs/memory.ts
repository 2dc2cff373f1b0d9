/** Memory, eviction and defragmentation. Our own words; the guidance's sentences come from ../guidance. */
import { guidance } from '../guidance';
import type { DocTable } from './types';

export const MEMORY_DOCS: DocTable = {
  maxmemory: {
    summary: 'Memory limit for the dataset; when it is reached, `maxmemory-policy` decides between evicting keys and refusing writes.',
    details:
      'Leave room below the host’s RAM for copy-on-write during snapshots and rewrites, replication buffers and fragmentation: a forked child can need up to the size of the dataset again under heavy writes.',
    rpo: `Once the limit is reached, \`maxmemory-policy\` decides. ${guidance('eviction')}`,
    rto: 'Without a limit the kernel’s OOM killer may end the process when the host runs out of memory — a crash and a restart from disk.',
    values: { '0': 'No limit (on 64-bit systems): memory grows until the host runs out.' },
  },
  'maxmemory-policy': {
    summary: 'What happens when a write needs memory beyond `maxmemory`: evict some keys, or refuse the write.',
    rpo: `${guidance('eviction')} Eviction suits a cache; for a primary store it is data loss.`,
    rto: '`noeviction` keeps the data available for reads while writes fail, until memory is freed.',
    values: {
      noeviction: 'Never evict: writes that need memory fail with an error, reads keep working. The safe choice when every key matters.',
      'allkeys-lru': 'Evict the least recently used keys among all keys — the usual choice for a cache.',
      'allkeys-lfu': 'Evict the least frequently used keys among all keys: keeps popular keys even if not touched lately.',
      'allkeys-random': 'Evict random keys among all keys.',
      'volatile-lru': 'Evict the least recently used keys among those with an expiry; keys without TTL are never evicted.',
      'volatile-lfu': 'Evict the least frequently used keys among those with an expiry.',
      'volatile-random': 'Evict random keys among those with an expiry.',
      'volatile-ttl': 'Evict the keys with an expiry that are closest to expiring.',
      'volatile-lrm':
        'Redis: evict the least recently modified keys among those with an expiry — reads do not make a key look recent, only writes do.',
      'allkeys-lrm':
        'Redis: evict the least recently modified keys among all keys: keys that are often written stay, keys that are only read age out.',
    },
  },
  'maxmemory-samples': {
    summary: 'How many keys eviction samples to approximate LRU, LFU or TTL order; more samples evict more precisely at more CPU cost.',
    unit: 'count',
  },
  'maxmemory-eviction-tenacity': {
    summary: 'How long one round of eviction may run before returning to serve clients (0 shortest, 100 unbounded).',
    rto: 'Higher values keep memory under the limit during write bursts at the cost of latency.',
    unit: 'count',
  },
  'replica-ignore-maxmemory': {
    summary: 'Lets a replica hold more than its own maxmemory, relying on the primary’s evictions arriving as DELs.',
    rpo: 'With `no`, a replica with a smaller limit evicts keys on its own and its dataset diverges from the primary’s.',
    values: {
      yes: 'The replica never evicts; it mirrors the primary’s dataset exactly.',
      no: 'The replica enforces its own limit and may evict keys the primary keeps.',
    },
  },
  'lazyfree-lazy-eviction': {
    summary: 'Frees the memory of evicted keys in a background thread instead of blocking the server.',
  },
  'lazyfree-lazy-expire': {
    summary: 'Frees the memory of expired keys in a background thread.',
  },
  'lazyfree-lazy-server-del': {
    summary: 'Frees values the server deletes implicitly (RENAME over an existing key, SET over a big value) in a background thread.',
  },
  'lazyfree-lazy-user-del': {
    summary: 'Makes DEL behave like UNLINK: the value is freed in a background thread.',
  },
  'lazyfree-lazy-user-flush': {
    summary: 'Makes FLUSHDB, FLUSHALL and SCRIPT/FUNCTION FLUSH asynchronous when no mode is given.',
  },
  'lfu-log-factor': {
    summary: 'How slowly the LFU access counter grows: higher values distinguish between keys with very many hits.',
    unit: 'count',
  },
  'lfu-decay-time': {
    summary: 'Minutes after which an idle key’s LFU counter is halved, so that old popularity fades.',
    values: { '0': 'Counters never decay.' },
    unit: 'count',
  },
  activedefrag: {
    summary: 'Turns on active defragmentation: the server moves values in memory to give fragmented memory back.',
    details:
      'Needs the jemalloc bundled with Redis; builds with the system allocator (some distribution packages) refuse `yes` and do not start.',
    values: {
      yes: 'Defragment in the background within the thresholds below.',
      no: 'No active defragmentation.',
    },
  },
  'active-defrag-ignore-bytes': {
    summary: 'Minimum amount of fragmentation waste before active defragmentation starts.',
  },
  'active-defrag-threshold-lower': {
    summary: 'Fragmentation percentage at which active defragmentation starts.',
    unit: 'count',
  },
  'active-defrag-threshold-upper': {
    summary: 'Fragmentation percentage at which active defragmentation works at its maximum effort.',
    unit: 'count',
  },
  'active-defrag-cycle-min': {
    summary: 'Smallest share of CPU time, in percent, active defragmentation uses once it runs.',
    unit: 'count',
  },
  'active-defrag-cycle-max': {
    summary: 'Largest share of CPU time, in percent, active defragmentation may take.',
    unit: 'count',
  },
  'active-defrag-max-scan-fields': {
    summary: 'Collections with more fields than this are defragmented in a separate later pass, to keep each step short.',
    unit: 'count',
  },
  'active-defrag-cycle-us': {
    summary:
      'Valkey: length, in microseconds, of each slice of active defragmentation work; the gaps between slices follow the CPU percentages of active-defrag-cycle-min and -max.',
    rto: 'Shorter slices disturb command latency less but add overhead; longer slices defragment faster with larger latency spikes.',
    unit: 'microseconds',
  },
  'key-memory-histograms': {
    summary:
      'Redis: adds per-type histograms of the memory taken by keys, in bytes, to INFO keysizes, next to the histograms of their lengths.',
    details:
      'Read only at start-up; changing it later has no effect. The same memory tracking is switched on by `cluster-slot-stats-enabled` with `mem`.',
  },
  'lazyexpire-nested-arbitrary-keys': {
    summary:
      'Redis: lets commands that wander over arbitrary keys (SCAN, RANDOMKEY) delete the expired keys they meet even inside MULTI/EXEC or a script.',
    details:
      'With `no`, such commands inside a transaction or script leave expired keys to the background expiry cycle instead of emitting deletions from within the transaction — a compatibility switch for setups that forward the replication stream to a cluster-aware proxy, where those deletions could span slots.',
    values: {
      yes: 'Expired keys met by SCAN or RANDOMKEY are deleted wherever the command runs.',
      no: 'Inside transactions and scripts, such commands leave expired keys in place for active expiry.',
    },
  },
  'import-mode': {
    summary: 'Valkey: stops a primary from expiring or evicting keys, for a server that receives data from a sync or import tool.',
    details:
      'The tool marks its connections with CLIENT IMPORT-SOURCE ON, which is refused unless import mode is on, and is expected to send the deletions of expired keys itself. Its connections see keys past their TTL as still present; other clients see them as gone, although they are not deleted.',
    rpo: 'Nothing is removed by expiry or eviction while it is on, so the copy stays complete. Applications must not write keys the tool is also copying: the two writers would overwrite each other.',
    rto: 'Memory only grows: at maxmemory, writes fail instead of evicting, and expired keys pile up until import mode is switched off — turn it off when the import is done.',
  },
};
