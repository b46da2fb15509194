/** Reads the node's parameters into engine settings, naming the parameter on any bad value. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseTimestamp } from '../shared/timestamps';
import { defaultSettings, normalizeChannel, normalizeKey, type MatcherSettings } from './engine';
import { EXCEPTION_TYPES } from './engine/catalogue';
import type { ExceptionType } from './engine';

interface OptionsParameter {
	agingBuckets?: string;
	caseInsensitive?: boolean;
	dispositionMappingJson?: string;
	missingDispositions?: string;
	ordersComplete?: boolean;
	owners?: { owner?: Array<{ type: ExceptionType; team: string }> };
	stripLeadingZeros?: boolean;
}

/** The mapping as one JSON object, so a template's Settings node can hold it next to the other choices. */
function mappingFromJson(
	node: ReturnType<IExecuteFunctions['getNode']>,
	raw: unknown,
	label = 'Disposition Mapping (JSON)',
): Record<string, string> {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(
				node,
				`${label} is not valid JSON: ${(error as Error).message}`,
				{
					description: 'Write it as {"sellable": "Main", "damaged": "B-stock", "missing": "none"}',
				},
			);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw new NodeOperationError(
			node,
			`${label} must be an object of code to stock bucket, like {"damaged": "B-stock"}`,
		);
	for (const [code, bucket] of Object.entries(value)) {
		if (typeof bucket !== 'string' || !bucket.trim() || !code.trim())
			throw new NodeOperationError(
				node,
				`${label}: code "${code}" needs a stock bucket name, got ${JSON.stringify(bucket)}`,
			);
	}
	return value as Record<string, string>;
}

/** A comma-separated parameter as a list of codes, snake case, blanks dropped. */
function words(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	return String(value).split(',').map(normalizeChannel).filter(Boolean);
}

export function settingsFromParameters(this: IExecuteFunctions): MatcherSettings {
	const node = this.getNode();
	const asOfParameter = this.getNodeParameter('asOf', 0, '') as string;
	let asOf = Date.now();
	if (asOfParameter) {
		try {
			asOf = parseTimestamp(asOfParameter);
		} catch (error) {
			throw new NodeOperationError(node, `Reconcile As Of: ${(error as Error).message}`);
		}
	}
	const settings = defaultSettings(asOf);
	const options = this.getNodeParameter('options', 0, {}) as OptionsParameter;
	settings.keys = {
		caseInsensitive: options.caseInsensitive ?? true,
		stripLeadingZeros: options.stripLeadingZeros ?? false,
	};
	settings.ordersComplete = options.ordersComplete === true;
	const checks = this.getNodeParameter('checks', 0, EXCEPTION_TYPES) as ExceptionType[];
	settings.checks = checks.filter((check) => EXCEPTION_TYPES.includes(check));
	Object.assign(settings.windows, this.getNodeParameter('windows', 0, {}));
	Object.assign(settings.deadlines, this.getNodeParameter('deadlines', 0, {}));
	Object.assign(settings.tolerance, this.getNodeParameter('tolerance', 0, {}));
	if (options.agingBuckets !== undefined) {
		settings.agingBuckets = options.agingBuckets
			.split(',')
			.filter((part) => part.trim() !== '')
			.map(Number);
	}
	settings.notReturnedDispositions = words(
		this.getNodeParameter('notReturnedDispositions', 0, 'missing,wrong-item'),
	);
	// The option this parameter replaced: a workflow saved with it keeps its codes.
	if (options.missingDispositions !== undefined)
		settings.notReturnedDispositions.push(...words(options.missingDispositions));
	settings.goodwillRefundReasons = words(this.getNodeParameter('goodwillRefundReasons', 0, ''));
	// An expression may hand the switch over as text ("false" from a settings row).
	const fba = this.getNodeParameter('fbaRefundsNeedReturn', 0, true) as unknown;
	settings.fbaRefundsNeedReturn = !(fba === false || String(fba).trim().toLowerCase() === 'false');
	for (const owner of options.owners?.owner ?? [])
		if (owner.team.trim()) settings.owners[owner.type] = owner.team.trim();
	settings.inTransitWarehouse = normalizeKey(
		this.getNodeParameter('inTransitWarehouse', 0, ''),
		settings.keys,
	);
	// Version 2 has one place for the mapping: a JSON object (typed, or from the Settings node).
	if (node.typeVersion >= 2) {
		const entries = Object.entries(
			mappingFromJson(
				node,
				this.getNodeParameter('dispositionMapping', 0, '{}'),
				'Disposition Mapping',
			),
		);
		for (const [code, bucket] of entries)
			settings.dispositionMapping.set(normalizeChannel(code), normalizeKey(bucket, settings.keys));
		return settings;
	}
	const mapping = this.getNodeParameter('dispositionMapping.mappings', 0, []) as Array<{
		code: string;
		bucket: string;
	}>;
	mapping.forEach((row, index) => {
		const code = normalizeChannel(row.code);
		const bucket = normalizeKey(row.bucket, settings.keys);
		if (!code || !bucket) {
			throw new NodeOperationError(
				node,
				`Disposition Mapping row ${index + 1} needs both a code and a stock bucket`,
			);
		}
		settings.dispositionMapping.set(code, bucket);
	});
	for (const [code, bucket] of Object.entries(
		mappingFromJson(node, options.dispositionMappingJson),
	)) {
		settings.dispositionMapping.set(normalizeChannel(code), normalizeKey(bucket, settings.keys));
	}
	return settings;
}
