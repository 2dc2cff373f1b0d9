/**
 * Navigation features of the language service: outline, folding, formatting,
 * rename and highlight of Sentinel master names. Pure functions over an
 * Analysis (or just its parsed document) returning LSP types.
 */
export { documentSymbols, type OutlineGrouping, type SymbolInput } from './symbols';
export { foldingRanges, type FoldingOptions } from './folding';
export { formatDocument, MAX_BLANK_LINES, type FormatOptions } from './format';
export { documentHighlights, invalidMasterName, isRefusal, prepareRename, renameMaster, type Refusal } from './rename';
export { findSections, type Section } from './sections';
export { masterReferences, type MasterRef } from './masters';
