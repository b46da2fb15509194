/** Public surface of the reconciliation engine (pure TypeScript, no n8n imports). */
export { EXCEPTION_CATALOGUE, EXCEPTION_TYPES, exceptionInfo } from './catalogue';
export type { ExceptionTypeInfo } from './catalogue';
export { reconcile, Reconciliation, INPUT_INDEX } from './reconcile';
export type {
	RawInputs,
	RawRecord,
	ReconciliationResult,
	MatchedLine,
	FinishOptions,
} from './reconcile';
export { defaultSettings, agingBucket, agingBucketLabels, NO_STOCK_BUCKET } from './settings';
export type { MatcherSettings } from './settings';
export { renderHtmlReport, agingChartSvg, escapeHtml } from './report';
export type { OtherOpenItem } from './report';
export { registerReport, undocumentedStatuses } from './registerReport';
export type { RegisterReport } from './registerReport';
export type { ExceptionChange } from './lifecycle';
export { moneyAtStake } from './summary';
export type { ReconciliationSummary } from './summary';
export type { RecordIssue, InputKind } from './records';
export { normalizeKey, normalizeChannel } from './normalize';
export { INPUT_SCHEMAS, inputSchema, identityText, FIELD_TYPE_TEXT } from './schema';
export type { InputSchema, InputField, FieldType } from './schema';
export * from './types';
