/**
 * The one door into the language service. Everything outside `server/service/`
 * (the LSP adapter, the CLI, the workspace index, the web worker) imports from
 * here and nothing deeper; modules inside the service import each other
 * directly and never this file, so there is no cycle.
 */

// The analysis of a document version, shared by every feature
export { analyze, check, firstFatal, type Analysis, type AnalysisInput, type DocumentSettings } from './analysis';
export { parseConfig } from '../parser/parse';
export { contentLanguage, SENTINEL_MODE_DIRECTIVES, type ContentKind, type ContentLanguage } from './contentLanguage';
export { LANGUAGE_TITLES, SET_LANGUAGE_COMMAND } from './languageByContent';
export { reparseConfig } from '../parser/reparse';
export type { ConfigDocument } from '../parser/types';
export {
  LANGUAGES,
  languageForFile,
  liveTargetOffer,
  normalizeVersion,
  RPO_TARGETS,
  TARGET_SOURCES,
  type Language,
  type TargetSource,
} from './options';
export { LANGUAGE_SETTINGS, SETTINGS_SECTION, type SettingSchema } from './settings';
export type { FileHost } from './validate';
export type { WorkspaceIndex, ConfigFacts } from './crossfile/workspace';
export type { DurabilityAnalysis } from './durability';
export { RULES, RULE_CODES, type Rule, type RuleId } from './durability/rules';
export { CODES, SOURCE, ruleCodeInfo, type Code, type CodeInfo } from './codes';
export { CHECKER_CODES } from './checkerCodes';
export { SEVERITY_NAMES, type Level } from './severity';
export { NEWEST, VERSION_IDS, VERSION_LABELS, type VersionId } from '../catalog/catalog';
export { DEFAULT_MAX_FILE_BYTES, fileSizeText, type FileKind } from './include';
export { paths, type PathFlavor } from './paths';
export { checkEmbedded, embeddedKindOf, MAX_EMBEDDED, OUTER_LANGUAGES, type EmbeddedCheck, type OuterKind } from './embedded';

// Editing assistance: completion, hover, signature help
export { complete, resolveCompletion, type CompletionOptions } from './completion';
export { hover } from './hover';
export { signatureHelp } from './signature';

// Code actions, the durability summary as inlay hints, include links
export { codeActions, PROFILE_ACTION_KIND, QUICK_FIX } from './codeActions';
export { summaryHints } from './durability/hint';
export { includeDefinition, includeLinks } from './crossfile/navigation';

// Outline, folding, formatting, rename, highlights
export * as navigation from './navigation';
