/** Network and TLS. Our own words. */
import type { DocTable } from './types';

export const NETWORK_DOCS: DocTable = {
  port: {
    summary: 'TCP port the server (or Sentinel) listens on for clients.',
    values: { '0': 'Do not listen on TCP at all (unix socket or TLS only).' },
    rto: 'Every Sentinel, replica and client must agree on it; Sentinel’s usual port is 26379, a data node’s 6379.',
  },
  bind: {
    summary: 'Network interfaces the server listens on; without it, every interface is used and protected mode guards the server.',
    details:
      'A leading `-` makes an address optional (no error if it is missing on this host). `*` means all IPv4 interfaces, `-::*` all IPv6 ones.',
    rto: 'Replicas and Sentinels on other hosts must reach one of these addresses; binding only 127.0.0.1 isolates the node from its replicas.',
    args: [
      { name: 'address', doc: 'An IP address to listen on; prefix with `-` to skip it when the host lacks it.', placeholder: '127.0.0.1' },
    ],
    variadic: true,
  },
  'bind-source-addr': {
    summary: 'Local address used for outgoing connections (to a primary, to other cluster nodes).',
    placeholder: '10.0.0.11',
  },
  'tcp-backlog': {
    summary: 'Length of the queue of connections waiting to be accepted (capped by the kernel’s somaxconn).',
    rto: 'Too small a queue drops connection bursts after a failover, when every client reconnects at once.',
    unit: 'count',
  },
  'tcp-keepalive': {
    summary:
      'Interval, in seconds, of TCP keepalive probes on client connections, to detect dead peers and keep middleboxes from dropping idle links.',
    values: { '0': 'No keepalive probes.' },
    unit: 'seconds',
  },
  unixsocket: {
    summary: 'Path of a unix domain socket to listen on, besides (or instead of) TCP.',
    placeholder: '/run/redis/redis.sock',
  },
  unixsocketperm: {
    summary: 'File permissions of the unix socket, in octal (for example 770).',
    values: { '0': 'Keep the permissions the process umask gives.' },
  },
  unixsocketgroup: {
    summary: 'Valkey: group that owns the unix socket, so members of that group can connect.',
    placeholder: 'valkey',
  },
  'socket-mark-id': {
    summary: 'Mark set on the server’s sockets (SO_MARK on Linux) so that firewall and routing rules can match its traffic.',
    values: { '0': 'No mark.' },
  },
  'tls-port': {
    summary: 'TCP port for TLS connections.',
    values: { '0': 'No TLS listener.' },
  },
  'tls-cert-file': {
    summary: 'Certificate (PEM) the server presents to clients and, without tls-client-cert-file, to the nodes it connects to.',
    rto: 'An expired or unreadable certificate stops TLS clients, replicas and Sentinels from connecting: track its expiry.',
    placeholder: '/etc/redis/tls/redis.crt',
  },
  'tls-key-file': {
    summary: 'Private key (PEM) that belongs to tls-cert-file.',
    placeholder: '/etc/redis/tls/redis.key',
  },
  'tls-key-file-pass': {
    summary: 'Passphrase that decrypts tls-key-file.',
    placeholder: 'passphrase',
  },
  'tls-client-cert-file': {
    summary: 'Certificate the server presents when it connects to other nodes as a client (replication, cluster bus).',
    placeholder: '/etc/redis/tls/client.crt',
  },
  'tls-client-key-file': {
    summary: 'Private key that belongs to tls-client-cert-file.',
    placeholder: '/etc/redis/tls/client.key',
  },
  'tls-client-key-file-pass': {
    summary: 'Passphrase that decrypts tls-client-key-file.',
    placeholder: 'passphrase',
  },
  'tls-ca-cert-file': {
    summary: 'File of CA certificates used to verify peers (clients, primaries, cluster nodes).',
    placeholder: '/etc/redis/tls/ca.crt',
  },
  'tls-ca-cert-dir': {
    summary: 'Directory of CA certificates (hashed names) used to verify peers.',
    placeholder: '/etc/ssl/certs',
  },
  'tls-dh-params-file': {
    summary: 'Diffie-Hellman parameters for the older DHE cipher suites.',
    placeholder: '/etc/redis/tls/dh.pem',
  },
  'tls-auth-clients': {
    summary: 'Whether TLS clients must present a certificate signed by a trusted CA.',
    values: {
      yes: 'Every TLS client must present a valid certificate (mutual TLS).',
      no: 'Clients need no certificate; authenticate them with passwords or ACL users.',
      optional: 'A certificate is checked when a client sends one, but not required.',
    },
  },
  'tls-replication': {
    summary: 'Makes a replica connect to its primary over TLS.',
    rpo: 'The replication stream carries every write: encrypt it when replicas sit in other zones or regions.',
  },
  'tls-cluster': {
    summary: 'Uses TLS on the cluster bus between cluster nodes.',
  },
  'tls-protocols': {
    summary: 'TLS versions accepted, for example "TLSv1.2 TLSv1.3".',
    placeholder: 'TLSv1.2 TLSv1.3',
  },
  'tls-ciphers': {
    summary: 'Cipher list allowed for TLS 1.2 and older, in OpenSSL syntax.',
    placeholder: 'DEFAULT:!MEDIUM',
  },
  'tls-ciphersuites': {
    summary: 'Cipher suites allowed for TLS 1.3, in OpenSSL syntax.',
    placeholder: 'TLS_CHACHA20_POLY1305_SHA256',
  },
  'tls-prefer-server-ciphers': {
    summary: 'During the TLS handshake, prefers the server’s cipher order over the client’s.',
  },
  'tls-session-caching': {
    summary: 'Caches TLS sessions so reconnecting clients can skip the full handshake.',
    rto: 'Cheaper reconnect storms after a failover.',
  },
  'tls-session-cache-size': {
    summary: 'Number of TLS sessions kept in the session cache.',
    values: { '0': 'No size limit.' },
    unit: 'count',
  },
  'tls-session-cache-timeout': {
    summary: 'Seconds a cached TLS session stays reusable.',
    unit: 'seconds',
  },
  'tls-auth-clients-user': {
    summary: 'Logs a TLS client in as the ACL user named by a field of its certificate, during the handshake and without AUTH.',
    details:
      'The client has to present a certificate (`tls-auth-clients yes` or `optional`). When no enabled user matches, the connection stays with the default user, unauthenticated. ACL users meant for this are best created without a password, so that the certificate is their only credential.',
    rto: 'A certificate whose field matches no user leaves the client unauthenticated: its commands fail (or run as the default user, if that one needs no password). Check the mapping before rotating certificates.',
    values: {
      CN: 'Take the Common Name of the certificate subject as the user name (exact match).',
      URI: 'Valkey: take a URI from the Subject Alternative Name; with several, the first that names an enabled user wins.',
      off: 'No login from certificates: clients authenticate with AUTH or HELLO.',
    },
  },
  'tls-auto-reload-interval': {
    summary:
      'Valkey: every this many seconds, checks whether the TLS certificate, key and CA files changed and reloads them in a background thread.',
    rto: 'Renewed certificates are picked up without a restart or CONFIG SET, so an automated renewal does not end in an expired certificate that locks out clients, replicas and Sentinels.',
    values: { '0': 'No automatic reload: apply new files with CONFIG SET or a restart.' },
    unit: 'seconds',
  },
  mptcp: {
    summary:
      'Valkey: lets clients connect with Multipath TCP, which can spread one connection over several network paths; plain TCP clients keep working.',
    details:
      'Refused on builds without Multipath TCP support, and the host needs a Linux kernel that provides it (5.6 or later). A replica uses it for its link to this server only with `repl-mptcp yes`.',
    rto: 'A connection that can move to another path survives the loss of one network link without reconnecting.',
  },
  'rdma-port': {
    summary: 'Valkey: port on which the server accepts clients over RDMA, next to its TCP listener (an experimental transport).',
    details: 'Needs a build with RDMA support and RDMA-capable network hardware; the feature may still change or go away between releases.',
    values: { '0': 'No RDMA listener.' },
  },
  'rdma-bind': {
    summary: 'Valkey: addresses of the RDMA-capable interfaces the RDMA listener binds to, written like the addresses of `bind`.',
    args: [{ name: 'address', doc: 'An IP address of an RDMA-capable interface on this host.', placeholder: '192.168.1.100' }],
    variadic: true,
  },
  'rdma-rx-size': {
    summary: 'Valkey: size of the receive buffer of each RDMA connection; a multiple of the memory page size works best.',
    unit: 'bytes',
  },
  'rdma-completion-vector': {
    summary:
      'Valkey: which completion vector (hardware interrupt line) of the RDMA device signals this server’s completions, so that interrupts can be kept on chosen CPUs.',
    values: { '-1': 'Pick a vector at random for each new connection.' },
  },
};
