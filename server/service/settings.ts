/**
 * The editor settings the language service reads (DocumentSettings), as data:
 * type, default, values with their descriptions, scope and text. package.json's
 * `contributes.configuration` is written from this and the live view's table
 * (client/settings.ts, `npm run generate:manifest`), and a unit test fails when
 * they differ, so a new version, RPO target or outline grouping reaches the
 * Settings editor without anyone retyping it.
 */
import { NEWEST, VERSION_IDS, VERSION_LABELS } from '../catalog/catalog';
import { DEFAULT_MAX_FILE_BYTES, fileSizeText } from './include';
import { OUTLINE_GROUPINGS, type OutlineGrouping } from './navigation/symbols';
import { RPO_TARGETS, type RpoTarget } from './options';
import { TEMPLATE_MODES, type TemplateMode } from './template';

/** The section every setting of the extension lives under: `redisHa.targetVersion`, `redisHa.health.timeout`, … */
export const SETTINGS_SECTION = 'redisHa';

export type SettingScope = 'application' | 'machine' | 'machine-overridable' | 'window' | 'resource' | 'language-overridable';

/** The part of VS Code's configuration schema the extension's settings use. */
export interface SettingSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  description?: string;
  enum?: readonly string[];
  enumItemLabels?: readonly string[];
  enumDescriptions?: readonly string[];
  items?: SettingSchema;
  required?: readonly string[];
  additionalProperties?: boolean;
  properties?: Readonly<Record<string, SettingSchema>>;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  scope?: SettingScope;
  markdownDescription?: string;
}

/** What each declarable data-loss target means, as the Settings editor explains it. */
const RPO_DESCRIPTIONS: Record<RpoTarget, string> = {
  none: 'Data may be lost: a cache that can be rebuilt',
  snapshot: 'Losing the writes since the last RDB snapshot is acceptable',
  '1s': 'At most about one second of acknowledged writes may be lost (AOF everysec)',
  '0': 'No acknowledged write may be lost: AOF always, replicas required for writes, WAIT, no eviction',
};

const GROUPING_DESCRIPTIONS: Record<OutlineGrouping, string> = {
  auto: "By the file's own banner sections when it has at least two (the stock redis.conf has 26), by area otherwise",
  section: 'By the sections the file declares with banner comments such as `#### SNAPSHOTTING ####`, in file order',
  area: 'By area: Persistence, Replication, Security and ACL, Network, … with unknown directives in their own group',
};

const TEMPLATE_DESCRIPTIONS: Record<TemplateMode, string> = {
  auto: 'Files named like a template of a config file: redis.conf.j2, redis.conf.tpl, sentinel.conf.erb, redis-6379.conf.template, …',
  on: 'Every config file: `${VAR}`, `$VAR`, `%VAR%` and `@VAR@` are placeholders too',
  off: 'No file: placeholders are checked as the literal text redis-server would read',
};

/** The smallest redisHa.maxFileSize the Settings editor accepts. */
export const MIN_MAX_FILE_BYTES = 1024;

/** The settings of DocumentSettings, by their name under SETTINGS_SECTION, in the order the Settings editor lists them. */
export const LANGUAGE_SETTINGS = {
  targetVersion: {
    type: 'string',
    enum: ['auto', ...VERSION_IDS],
    enumDescriptions: [
      `The newest version: ${VERSION_LABELS[NEWEST.valkey]} for valkey*.conf files and files only Valkey reads, ` +
        `${VERSION_LABELS[NEWEST.redis]} otherwise`,
      ...VERSION_IDS.map((v) => VERSION_LABELS[v]),
    ],
    default: 'auto',
    scope: 'resource',
    markdownDescription:
      'The Redis or Valkey version the config files are checked against. A file can override it with a comment such as ' +
      '`# redis-ha: target=valkey-9.0`; Compare with Config offers the version a live node runs.',
  },
  targetRpo: {
    type: 'string',
    enum: ['', ...RPO_TARGETS],
    enumItemLabels: ['(not set)', ...RPO_TARGETS],
    enumDescriptions: [
      "No target declared: files are judged against the guidance's Balanced profile (AOF everysec, about one second at risk)",
      ...RPO_TARGETS.map((t) => RPO_DESCRIPTIONS[t]),
    ],
    default: '',
    scope: 'resource',
    markdownDescription:
      'How much data a crash or failover may lose (the recovery point objective). The durability rules set their ' +
      'severity from it; a file can override it with a comment such as `# redis-ha: rpo=0` (combinable with `version=`).',
  },
  'outline.groupBy': {
    type: 'string',
    enum: [...OUTLINE_GROUPINGS],
    enumDescriptions: OUTLINE_GROUPINGS.map((g) => GROUPING_DESCRIPTIONS[g]),
    default: 'auto' satisfies OutlineGrouping,
    scope: 'resource',
    markdownDescription:
      'How the outline (and breadcrumbs) of a `redis.conf` is grouped. ' + 'A `sentinel.conf` is always outlined by monitored master.',
  },
  maxFileSize: {
    type: 'integer',
    default: DEFAULT_MAX_FILE_BYTES,
    minimum: MIN_MAX_FILE_BYTES,
    scope: 'resource',
    markdownDescription:
      'Largest config file, in bytes, that is analysed ' +
      `(default ${fileSizeText(DEFAULT_MAX_FILE_BYTES)}, about 35 times a stock \`redis.conf\`). A larger open file gets a single warning ` +
      'instead of diagnostics, and included files larger than this are not read (`include-too-large`). ' +
      'At most 1,000 diagnostics are shown per file; `redis-ha check` lists them all.',
  },
  templates: {
    type: 'string',
    enum: [...TEMPLATE_MODES],
    enumDescriptions: TEMPLATE_MODES.map((m) => TEMPLATE_DESCRIPTIONS[m]),
    default: 'auto' satisfies TemplateMode,
    scope: 'resource',
    markdownDescription:
      'Which files are read as templates (Jinja2/Ansible, Helm/Go, ERB, envsubst). In a template a placeholder such as ' +
      '`{{ redis_maxmemory }}` or `${REDIS_PASSWORD}` stands for a value and its line is not judged, control tags such as ' +
      '`{% if %}` and `{{- end }}` are skipped, and every literal line is checked as usual; `redis-ha check --template` is `on`.',
  },
  embedded: {
    type: 'boolean',
    default: false,
    scope: 'window',
    markdownDescription:
      'Also check the configs inside docker compose files, Kubernetes manifests, Helm values and Dockerfiles ' +
      '(YAML and Dockerfile documents): `redis-server` / `redis-sentinel` command lines and `redis.conf` / ' +
      '`sentinel.conf` blocks, with their diagnostics at their place in those files. Hover and completion are not offered there. ' +
      'Takes effect after the window is reloaded.',
  },
} satisfies Record<string, SettingSchema>;
