/**
 * The live health model, without `vscode`: the editor's tree view and the
 * `redis-ha status` CLI both use exactly this.
 */
export { HealthMonitor, type MonitorOptions } from './monitor';
export { FINDINGS, type FindingCode } from './findings';
export {
  DEFAULT_REFRESH_SECONDS,
  DEFAULT_THRESHOLDS,
  DEFAULT_TIMEOUT_MS,
  SeedError,
  connectionFromSetting,
  normalizeThresholds,
  THRESHOLD_MAXIMA,
  MAX_HOLD_DOWN_SECONDS,
  thresholdIssues,
  parseSeed,
  redactSeed,
  seedSecrets,
  type ConnectionSetting,
  type ConnectionSpec,
  type Thresholds,
  type TlsSettings,
} from './settings';
export { fileDrift, groupDrift, versionIdFor, type FileDriftItem, type FileDriftResult } from './drift';
export {
  describeFailovers,
  describeGroup,
  describeNode,
  describeResources,
  escapeControl,
  exitCode,
  fmtAgo,
  groupFailovers,
  groupLabel,
  jsonLine,
  renderText,
  shardLabel,
  timelineLine,
  toJson,
} from './report';
export { parseSentinelMessage, describeSentinelMessage, EVENT_LIMITS, type SentinelMessage } from './events';
export {
  appendHistory,
  decodeEvent,
  encodeEvent,
  HISTORY_LIMITS,
  HistoryError,
  nodeTransitions,
  readHistory,
  Timeline,
  TIMELINE_CAPACITY,
  type HistoryRead,
} from './timeline';
export {
  columnsOf,
  decodeSample,
  downsample,
  MAX_POINTS,
  SERIES_CAPACITY,
  SERIES_FILE_LIMITS,
  SERIES_FORMAT,
  Series,
  type ChartColumns,
  type SeriesSample,
} from './series';
export { appendJsonLines, readJsonLines, type JsonLinesFormat } from './jsonl';
export * from './types';
export { fmtBytes, fmtSeconds } from './assess';
export { addFileDrift } from './filecheck';
export { AllowList } from './trust';
export { HOLD_DOWNS, HoldDowns, PENDING_LEVEL, pending, type HoldDownRule } from './holddown';
export { FLAPPING, addFlapping, flappingGroups, flappingProblem, groupChanges, type Flapping } from './flapping';
export { normalizeHeartbeatKey } from './heartbeat';
export { AddressError, bareHost, formatAddress, parseAddress, splitAddress } from './address';
export {
  CONTENT_TYPES,
  MAX_LABEL_VALUE,
  escapeLabelValue,
  failoverKey,
  renderMetrics,
  type ExpositionFormat,
  type MetricsExtras,
} from './metrics';
export { MAX_PERF_REPLICAS, NAGIOS_STATES, perfLabel, renderNagios } from './nagios';
export * from './drill';
