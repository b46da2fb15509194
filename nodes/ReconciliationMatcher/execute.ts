/**
 * Runs the engine over the node's inputs and shapes its outputs: version 1's fixed seven inputs
 * and four outputs, or version 2's ports that follow the mode and the checks (ports.ts).
 */
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	INPUT_INDEX,
	moneyAtStake,
	Reconciliation,
	registerReport,
	undocumentedStatuses,
	renderHtmlReport,
	type Evidence,
	type InputKind,
	type ReconciliationResult,
	type SourceRef,
} from './engine';
import { periodBoundary, type ClosePeriod } from './engine/closePack';
import { checkRegisterStatus } from './engine/registerStatus';
import { checkTimeZone, closePackMessage, DEFAULT_OWNER_NAMES, periodLabel } from './engine/report';
import { formatMinor } from '../shared/money';
import { INPUT_FIELDS, knownRow, recordMapper, type KnownRow } from './fieldMapping';
import { matcherInputs } from './ports';
import { settingsFromParameters } from './settingsFromParameters';

const KINDS = Object.keys(INPUT_INDEX) as InputKind[];
const EVIDENCE_SOURCES: ReadonlyArray<[keyof Evidence, InputKind]> = [
	['refunds', 'refunds'],
	['returnEvents', 'returnEvents'],
	['manifests', 'manifests'],
	['receipts', 'receipts'],
	['stockMovements', 'stockMovements'],
	['orders', 'orders'],
];

/**
 * Which connection carries which input. Version 1 has all seven in the engine's order; version 2
 * only those its mode and checks draw, so the engine's input number maps to another connection.
 */
interface Layout {
	/** Connection index of each engine input (by INPUT_INDEX), undefined when not drawn. */
	connection: Array<number | undefined>;
	/** Connection index of the register (Known Exceptions). */
	known: number;
}

function layoutOf(context: IExecuteFunctions): Layout {
	const mode = context.getNodeParameter('mode', 0, 'reconcile');
	// Checks are hidden (and not stored) in "Report on the Register" mode.
	const checks = mode === 'reconcile' ? context.getNodeParameter('checks', 0, null) : null;
	const ports = matcherInputs(context.getNode().typeVersion, { mode, checks });
	const at = (kind: string) => {
		const index = ports.findIndex((port) => port.kind === kind);
		return index < 0 ? undefined : index;
	};
	return { connection: KINDS.map((kind) => at(kind)), known: at('known') ?? 0 };
}

function inputItems(context: IExecuteFunctions, index: number | undefined): INodeExecutionData[] {
	if (index === undefined) return [];
	try {
		return context.getInputData(index) ?? [];
	} catch {
		// An input that is not connected has no data; that is allowed.
		return [];
	}
}

function pairedWith(layout: Layout) {
	return (refs: SourceRef[]): IPairedItemData[] =>
		refs.map((ref) => ({ item: ref.item, input: layout.connection[ref.input] ?? ref.input }));
}

/** The close period of a month-end pack, from the node's options; none when no period is set. */
function closePeriod(context: IExecuteFunctions, options: IDataObject): ClosePeriod | undefined {
	const start = String(options.periodStart ?? '').trim();
	const end = String(options.periodEnd ?? '').trim();
	if (!start && !end) return undefined;
	try {
		const period = {
			start: periodBoundary(start, 'Close Period Start'),
			end: periodBoundary(end, 'Close Period End'),
			previousClose: String(options.previousClose ?? '').trim()
				? periodBoundary(String(options.previousClose), 'Previous Close')
				: periodBoundary(start, 'Close Period Start'),
		};
		if (!(period.start < period.end))
			throw new RangeError(
				`Close Period Start (${start}) must be before Close Period End (${end})`,
			);
		return period;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex: 0 });
	}
}

function ownerNamesOption(
	context: IExecuteFunctions,
	options: IDataObject,
): Record<string, string> {
	const raw = options.ownerNamesJson;
	if (raw === undefined || raw === null || String(raw).trim() === '')
		return { ...DEFAULT_OWNER_NAMES };
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new NodeOperationError(
			context.getNode(),
			'Owner Names (JSON) must be one JSON object of owner id to name, e.g. {"finance": "Finance"}',
			{ itemIndex: 0 },
		);
	return {
		...DEFAULT_OWNER_NAMES,
		...Object.fromEntries(Object.entries(parsed).map(([id, name]) => [id, String(name)])),
	};
}

/**
 * Report on the Register: open rows of the Known Exceptions input as summary and HTML report; with
 * a close period, the period's refunds, receipts and stock movements (on their inputs) make the
 * month-end close pack, and the open lost boxes the carrier-claims CSV.
 */
async function reportOnRegister(
	context: IExecuteFunctions,
	settings: ReturnType<typeof settingsFromParameters>,
	layout: Layout,
): Promise<INodeExecutionData[][]> {
	const KNOWN_INPUT = layout.known;
	const knownItems = inputItems(context, KNOWN_INPUT);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const period = closePeriod(context, options);
	const ownerNames = ownerNamesOption(context, options);
	let timeZone: string;
	try {
		timeZone = checkTimeZone(String(options.reportTimeZone ?? '').trim() || 'UTC');
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex: 0 });
	}
	// The period's records on their own inputs (both versions draw refunds, receipts and stock
	// movements in this mode; left unconnected, the report has no close pack).
	const json = (kind: InputKind) =>
		inputItems(context, layout.connection[INPUT_INDEX[kind]]).map((item) => item.json);
	let report: ReturnType<typeof registerReport>;
	try {
		report = registerReport(
			knownItems.map((item) => item.json),
			settings,
			period && {
				period,
				refunds: json('refunds'),
				receipts: json('receipts'),
				stockMovements: json('stockMovements'),
			},
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: 0 });
	}
	const indexById = new Map(
		knownItems.map((item, index) => [String(item.json.exceptionId ?? item.json.id ?? ''), index]),
	);
	const title = (options.reportTitle as string) || 'Returns: open exceptions';
	const html = renderHtmlReport(report.summary, report.open, title, report.others, {
		timeZone,
		ownerNames,
		monthEnd: true,
		closePack: report.closePack,
		undocumentedStatuses: report.undocumentedStatuses,
	});
	const binaryProperty = (options.binaryPropertyName as string) || 'report';
	const binary: IBinaryKeyData = {
		[binaryProperty]: await context.helpers.prepareBinaryData(
			Buffer.from(html, 'utf8'),
			'open-exceptions-report.html',
			'text/html',
		),
	};
	if (report.claimsCsv !== undefined)
		binary.claims = await context.helpers.prepareBinaryData(
			Buffer.from(report.claimsCsv, 'utf8'),
			'carrier-claims.csv',
			'text/csv',
		);
	const open = report.open.map((row) => ({
		json: row as unknown as IDataObject,
		pairedItem: { item: indexById.get(row.id) ?? 0, input: KNOWN_INPUT },
	}));
	const summary: INodeExecutionData = {
		json: {
			...report.summary,
			unreadableAmounts: report.unreadableAmounts,
			undocumentedStatuses: report.undocumentedStatuses,
			timeZone,
			title,
			...(report.closePack
				? {
						refundsByChannel: report.closePack.refundsByChannel,
						closePack: report.closePack,
						periodLabel: periodLabel(report.closePack, timeZone),
						message: closePackMessage(
							report.summary,
							report.closePack,
							title,
							report.others.length,
							{ timeZone, ownerNames },
						),
					}
				: {}),
		} as unknown as IDataObject,
		binary,
		pairedItem: knownItems.length > 0 ? [{ item: 0, input: KNOWN_INPUT }] : [{ item: 0 }],
	};
	// Version 2 draws one output, the report; version 1 keeps its four.
	return context.getNode().typeVersion >= 2 ? [[summary]] : [open, [], [summary], []];
}

export async function executeMatcher(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = settingsFromParameters.call(this);
	const layout = layoutOf(this);
	const version = this.getNode().typeVersion;
	if (this.getNodeParameter('mode', 0, 'reconcile') === 'registerReport')
		return await reportOnRegister(this, settings, layout);
	const KNOWN_INPUT = layout.known;
	const paired = pairedWith(layout);
	const items = KINDS.map((_, index) => inputItems(this, layout.connection[index]));
	const knownItems = inputItems(this, KNOWN_INPUT);
	const known = knownItems.map((item) => knownRow(item.json));
	const knownIndex = new Map(known.map((row, index) => [row?.id, index]));
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;

	let result: ReconciliationResult;
	try {
		// Items go in one at a time: the engine keeps compact columns, not a copy of every item.
		const run = new Reconciliation(settings);
		KINDS.forEach((kind, index) => {
			const toRecord = recordMapper(
				INPUT_FIELDS[kind],
				this.getNodeParameter(`${kind}Fields`, 0, {}) as Record<string, string>,
			);
			const list = items[index];
			for (let item = 0; item < list.length; item++) run.add(kind, toRecord(list[item].json), item);
		});
		const skipMatched = options.outputMatched === false;
		result = run.finish({
			known: known.filter((row): row is KnownRow => row !== null),
			onMatched: skipMatched ? () => undefined : undefined,
		});
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error);
	}
	if (options.onInvalidRecord === 'stop' && result.rejected.length > 0) {
		const issue = result.rejected[0];
		throw new NodeOperationError(
			this.getNode(),
			`${issue.input} item ${issue.ref.item}: ${issue.message}`,
			{
				itemIndex: issue.ref.item,
				description: `Field "${issue.field}" of item ${issue.ref.item} on the ${issue.input} input. ${result.rejected.length} record(s) were invalid in total.`,
			},
		);
	}
	const includeEvidence = options.includeEvidence !== false;
	const exceptions: INodeExecutionData[] = result.changes.map((change, index) => {
		// A close is written to the register as is (the templates' "close" step): documented only.
		if (change.change === 'resolved')
			try {
				checkRegisterStatus(change.status, index);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
			}
		const refs = change.evidence
			? EVIDENCE_SOURCES.flatMap(([field]) => change.evidence?.[field] ?? [])
			: [];
		const atStake = change.change === 'resolved' ? [] : moneyAtStake(change);
		// One line a register or an alert can show as is: "12.50 EUR, 30.00 USD" (never summed across currencies).
		const json = {
			...change,
			atStake,
			atStakeText: atStake
				.map((m) => `${formatMinor(m.amountMinor, m.currency)} ${m.currency}`)
				.join(', '),
		} as unknown as IDataObject;
		if (change.evidence) {
			json.evidence = Object.fromEntries(
				EVIDENCE_SOURCES.map(([field, kind]) => [
					field,
					(change.evidence?.[field] ?? []).map((ref) =>
						includeEvidence ? items[INPUT_INDEX[kind]][ref.item]?.json : { item: ref.item },
					),
				]),
			);
		}
		const fallback = knownIndex.has(change.id)
			? [{ item: knownIndex.get(change.id) as number, input: KNOWN_INPUT }]
			: [{ item: 0 }];
		return { json, pairedItem: refs.length > 0 ? paired(refs) : fallback };
	});
	const matched: INodeExecutionData[] = result.matched.map(({ sources, ...line }) => ({
		json: line as unknown as IDataObject,
		pairedItem: paired(sources),
	}));
	const rejected: INodeExecutionData[] = result.rejected.map((issue) => ({
		json: {
			input: issue.input,
			item: issue.ref.item,
			field: issue.field,
			error: `${issue.input} item ${issue.ref.item}: ${issue.message}`,
			record: items[issue.ref.input][issue.ref.item]?.json ?? null,
		},
		pairedItem: {
			item: issue.ref.item,
			input: layout.connection[issue.ref.input] ?? issue.ref.input,
		},
	}));
	const html = renderHtmlReport(
		result.summary,
		result.changes,
		(options.reportTitle as string) || undefined,
		[],
		// The register it was given: rows whose status is not documented are named for a person to fix.
		{ undocumentedStatuses: undocumentedStatuses(knownItems.map((item) => item.json)) },
	);
	const binaryProperty = (options.binaryPropertyName as string) || 'report';
	const report = await this.helpers.prepareBinaryData(
		Buffer.from(html, 'utf8'),
		'reconciliation-report.html',
		'text/html',
	);
	// An aggregate pairs with the first item of every input it read, not with millions of items.
	const summaryPairs = [
		...items.map((list, index) => [list, layout.connection[index]] as const),
		[knownItems, KNOWN_INPUT] as const,
	].flatMap(([list, input]) => (list.length > 0 ? [{ item: 0, input: input as number }] : []));
	const summary: INodeExecutionData = {
		json: result.summary as unknown as IDataObject,
		binary: { [binaryProperty]: report },
		pairedItem: summaryPairs.length > 0 ? summaryPairs : [{ item: 0 }],
	};
	if (version < 2) return [exceptions, matched, [summary], rejected];
	// Version 2: "Matched" holds only lines every source agrees on; the others wait in "Pending".
	return [
		exceptions,
		matched.filter((line) => line.json.state === 'matched'),
		matched.filter((line) => line.json.state !== 'matched'),
		[summary],
		rejected,
	];
}
