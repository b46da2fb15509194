/**
 * The carrier-claims CSV of template 05 is opened in spreadsheets, so no cell may start a formula:
 * cells starting with = + - @ tab or CR get a leading apostrophe (OWASP, CSV injection:
 * https://owasp.org/www-community/attacks/CSV_Injection). Runs the template's own Claim lines and
 * Claim report nodes on hostile lost-box findings.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../../harness';
import { loadTemplate, type Template } from '../../harness/templateFiles';

const template = loadTemplate('05-lost-in-transit.json');

function claimNodes(): Template {
	const names = ['Claim lines', 'Claim report'];
	return {
		...template,
		nodes: template.nodes.filter((n) => names.includes(n.name)),
		connections: { 'Claim lines': template.connections['Claim lines'] },
	};
}

async function csvOf(findings: IDataObject[]): Promise<string[][]> {
	const run = await runWorkflow(claimNodes(), {
		startNode: 'Claim lines',
		triggerItems: findings.map((json) => ({ json })),
	});
	expect(run.status).toBe('success');
	const file = run.output('Claim report')[0].binary!.claims;
	const text = Buffer.from(file.data, 'base64').toString('utf8');
	const [, ...rows] = text.trim().split('\n');
	return rows.map((row) => row.split(','));
}

const finding = (trackingNumber: string, carrier: string) => ({
	id: `lost_${trackingNumber}`,
	trackingNumber,
	units: 1,
	atStakeText: '49.90 EUR',
	deadline: '2026-12-30',
	evidence: {
		manifests: [
			{
				carrier,
				departureDate: '2026-11-01',
				orderNumber: '1001',
				sku: 'TEE-M',
				happyReturnsItemID: 'i-1',
			},
		],
	},
});

it('prefixes every cell that would start a formula, on each trigger character', async () => {
	const triggers = ['=', '+', '-', '@', '\t', '\r'];
	const rows = await csvOf(triggers.map((t, i) => finding(`1Z${i}`, `${t}HYPERLINK("x")`)));
	const carriers = rows.map((r) => r[1].replace(/^"|"$/g, ''));
	expect(carriers).toHaveLength(triggers.length);
	for (const [i, cell] of carriers.entries()) expect(cell.startsWith(`'${triggers[i]}`)).toBe(true);
});

it('leaves ordinary cells as they are', async () => {
	const [row] = await csvOf([finding('1ZSAFE', 'UPS')]);
	expect(row[0]).toBe('1ZSAFE');
	expect(row[1]).toBe('UPS');
	expect(row).toContain('49.90 EUR');
});
