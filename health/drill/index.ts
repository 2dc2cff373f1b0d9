/** The failover drill (`redis-ha drill`): a Sentinel group's real RPO and RTO against its settings. */
export { type DrillAuth, isLoopback } from './conn';
export { drillReportHtml, escapeHtml } from './html';
export type { DrillEvent } from './observe';
export { DRILL_LIMITS, FAILOVER_OVERHEAD_MS, makePlan, planText, type DrillMode, type DrillOptions, type DrillPlan } from './plan';
export { type DrillResult, resultText, type Verdict } from './result';
export { cleanup, type DrillHooks, runDrill } from './run';
export type { DrillTimeline } from './timeline';
export { keyOf, type Ack, type WriterLog } from './writers';
