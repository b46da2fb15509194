/**
 * The world of template 13's tests (ledger housekeeping), shared by the Data Table tests and the
 * Postgres variant's: an archive destination that keeps what it is sent, and the rows of a merchant
 * past the retention, one row per rule of the template's setup note.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { DAY, type SeedTables } from './seedTables';

export const RETENTION_DAYS = 400;

export interface ArchiveSink {
	url: string;
	files: Array<{ key: string; rows: Array<Record<string, unknown>> }>;
	/** HTTP status the sink answers with (a destination that is down answers 5xx). */
	status: number;
	close(): Promise<void>;
}

export async function startArchiveSink(): Promise<ArchiveSink> {
	const sink = { files: [], status: 200 } as unknown as ArchiveSink;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (sink.status === 200)
				sink.files.push({
					key: String(req.headers['idempotency-key'] ?? ''),
					rows: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<
						Record<string, unknown>
					>,
				});
			res.writeHead(sink.status).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/archive`;
	sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return sink;
}

/**
 * The ledger, receipts and register of a merchant past the retention, one row per rule of the
 * template's setup note, as of `now`. `archive` marks the rows the rules let go.
 */
export function seedHousekeeping<T extends SeedTables>(tables: T, now = Date.now()) {
	const ago = (days: number, hours = 0) =>
		new Date(now - days * DAY - hours * 3_600_000).toISOString();
	const old = ago(RETENTION_DAYS + 100);
	const ledger = (
		key: string,
		row: Record<string, unknown>,
		archive: boolean,
	): { key: string; archive: boolean } => {
		tables.insert('Returns Event Ledger', {
			eventId: key,
			eventType: 'return.dropped_off',
			status: 'processed',
			receivedAt: old,
			sku: 'TEE-M',
			unit: '0',
			...row,
		});
		return { key, archive };
	};
	const expected = [
		ledger('processed drop-off', { orderNumber: '1001' }, true),
		ledger(
			'a record nothing processes',
			{ orderNumber: '1001', eventType: 'return.started', status: 'received' },
			true,
		),
		ledger('open register row for the order', { orderNumber: '1002' }, false),
		ledger('receipt of the order held as exception', { orderNumber: '1003' }, false),
		ledger('drop-off never processed', { orderNumber: '1004', status: 'received' }, false),
		ledger(
			'same order as a drop-off never processed',
			{ orderNumber: '1004', eventType: 'return.started', status: 'received' },
			false,
		),
		ledger('quarantined', { orderNumber: '1005', status: 'quarantined' }, false),
		ledger(
			'a record whose handling failed',
			{
				orderNumber: '1006',
				eventType: 'return.started',
				status: 'received',
				lastError: 'timeout',
			},
			false,
		),
		ledger('processed after a failure', { orderNumber: '1012', lastError: 'timeout' }, true),
		ledger(
			'settlement report claim',
			{ eventType: 'amazon.settlement_report', orderNumber: '' },
			false,
		),
		ledger('recent', { orderNumber: '1007', receivedAt: ago(10) }, false),
		ledger(
			'one hour inside the retention',
			{ orderNumber: '1008', receivedAt: ago(RETENTION_DAYS, -1) },
			false,
		),
		ledger(
			'one hour past the retention',
			{ orderNumber: '1009', receivedAt: ago(RETENTION_DAYS, 1) },
			true,
		),
		ledger('resolved register row for the order', { orderNumber: '1010' }, true),
		ledger('processed receipt of the order', { orderNumber: '1011' }, true),
		ledger('no receipt time', { orderNumber: '1013', receivedAt: null }, false),
	];
	tables.insert('Exception Register', { exceptionId: 'x1', orderNumber: '1002', status: 'open' });
	tables.insert('Exception Register', {
		exceptionId: 'x2',
		orderNumber: '1010',
		status: 'resolved',
	});
	tables.insert('Warehouse Receipts', { orderNumber: '1003', status: 'exception' });
	tables.insert('Warehouse Receipts', { orderNumber: '1011', status: 'processed' });
	return { tables, expected, rows: expected.length + 4 };
}

export { DAY };
