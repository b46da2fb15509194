/**
 * Each input's fields are declared once (engine/schema.ts). These tests fail when a field is added
 * to the schema and not to a reader, a column table or the node's field mapping, or the other way
 * round.
 */
import {
	INPUT_SCHEMAS,
	INPUT_INDEX,
	type InputKind,
} from '../../nodes/ReconciliationMatcher/engine';
import {
	ManifestFields,
	OrderLineFields,
	ReceiptFields,
	RefundFields,
	ReturnEventFields,
	StockMovementFields,
} from '../../nodes/ReconciliationMatcher/engine/rawFields';
import {
	ByteColumn,
	IntColumn,
	NumberColumn,
} from '../../nodes/ReconciliationMatcher/engine/store/columns';
import { RecordStore } from '../../nodes/ReconciliationMatcher/engine/store/recordStore';
import { TextArena } from '../../nodes/ReconciliationMatcher/engine/store/textArena';
import { INPUT_FIELDS } from '../../nodes/ReconciliationMatcher/fieldMapping';
import { INPUT_NAMES, matcherProperties } from '../../nodes/ReconciliationMatcher/description';

const READERS: Record<InputKind, new () => { read(raw: Record<string, unknown>): object }> = {
	refunds: RefundFields,
	returnEvents: ReturnEventFields,
	manifests: ManifestFields,
	receipts: ReceiptFields,
	stockMovements: StockMovementFields,
	orders: OrderLineFields,
};

const names = (kind: InputKind) =>
	INPUT_SCHEMAS.find((schema) => schema.kind === kind)!.fields.map((field) => field.name);

describe('one schema per input', () => {
	it('lists every input once, in the node input order', () => {
		expect(INPUT_SCHEMAS.map((schema) => schema.kind)).toEqual(Object.keys(INPUT_INDEX));
		INPUT_SCHEMAS.forEach((schema, index) => expect(INPUT_INDEX[schema.kind]).toBe(index));
		for (const schema of INPUT_SCHEMAS) {
			const fieldNames = schema.fields.map((field) => field.name);
			expect(new Set(fieldNames).size).toBe(fieldNames.length);
			expect(schema.fields.some((field) => field.identity)).toBe(true);
		}
	});

	it.each(Object.keys(READERS) as InputKind[])(
		'the %s reader reads exactly the schema fields, each into its own slot',
		(kind) => {
			const reader = new READERS[kind]();
			const raw = Object.fromEntries(names(kind).map((name) => [name, { value: name }]));
			const read = reader.read({ ...raw, notInTheSchema: 'ignored' }) as Record<string, unknown>;
			expect(Object.keys(read).sort()).toEqual([...names(kind)].sort());
			for (const name of names(kind)) expect(read[name]).toBe(raw[name]);
			// Read again without the fields: nothing of the previous record is left.
			const empty = reader.read({}) as Record<string, unknown>;
			for (const name of names(kind)) expect(empty[name]).toBeUndefined();
		},
	);

	it.each(Object.keys(READERS) as InputKind[])(
		'the %s column table holds every schema field and no column no field claims',
		(kind) => {
			const table = new RecordStore()[kind] as unknown as Record<string, unknown>;
			const schema = INPUT_SCHEMAS.find((candidate) => candidate.kind === kind)!;
			const claimed = new Set(schema.fields.flatMap((field) => field.stored));
			const isColumn = (value: unknown) =>
				value instanceof IntColumn ||
				value instanceof ByteColumn ||
				value instanceof NumberColumn ||
				value instanceof TextArena;
			for (const column of claimed)
				expect([column, isColumn(table[column])]).toEqual([column, true]);
			const columns = Object.keys(table).filter((name) => name !== 'item' && isColumn(table[name]));
			expect(columns.filter((column) => !claimed.has(column))).toEqual([]);
		},
	);

	it('the node field mapping offers each schema field, with its label and description', () => {
		for (const schema of INPUT_SCHEMAS) {
			expect(INPUT_FIELDS[schema.kind]).toEqual(
				schema.fields.map((field) => ({
					name: field.name,
					displayName: field.label,
					description: field.description,
				})),
			);
		}
		for (const schema of INPUT_SCHEMAS) {
			const collection = matcherProperties.find((p) => p.name === `${schema.kind}Fields`);
			expect((collection?.options ?? []).map((option) => option.name)).toEqual(
				schema.fields.map((field) => field.name),
			);
		}
		expect(INPUT_NAMES.slice(0, INPUT_SCHEMAS.length)).toEqual(
			INPUT_SCHEMAS.map((schema) => schema.label),
		);
	});
});
