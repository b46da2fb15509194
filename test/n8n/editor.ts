/**
 * Opens a workflow in n8n's editor in headless Chromium (Debian's, flags for a machine without
 * internet), signed in with the owner's session, and reports what the canvas shows.
 */
import { mkdirSync } from 'fs';
import { dirname } from 'path';
import { chromium } from 'playwright-core';

export interface CanvasReport {
	nodeNames: string[];
	/** Node icons of this package that the browser loaded (image width > 0). */
	packageIcons: number;
	/** Text of nodes n8n could not find ("not installed" and the like). */
	unknownNodeTexts: string[];
}

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export async function screenshotWorkflow(
	baseUrl: string,
	cookie: string,
	workflowId: string,
	file: string,
): Promise<CanvasReport> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: FLAGS,
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		const [name, ...value] = cookie.split('=');
		await context.addCookies([{ name, value: value.join('='), url: baseUrl }]);
		const page = await context.newPage();
		await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
		// Let icons load and the canvas fit the view.
		await page.waitForLoadState('networkidle').catch(() => undefined);
		await page.waitForTimeout(1500);
		// Runs in the page; kept as source text so this file needs no DOM types.
		const report = (await page.evaluate(`(() => {
			const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
			const icons = [...document.querySelectorAll('img')].filter((img) => img.src.includes('n8n-nodes-returns-reconciliation') && img.naturalWidth > 0);
			const text = document.body.innerText.toLowerCase();
			const unknown = ['not currently installed', 'install this node', 'node is not known', 'unknown node'].filter((phrase) => text.includes(phrase));
			return { nodeNames: nodes.map((n) => n.getAttribute('data-node-name') || n.innerText.split('\\n')[0]), packageIcons: icons.length, unknownNodeTexts: unknown };
		})()`)) as CanvasReport;
		mkdirSync(dirname(file), { recursive: true });
		await page.screenshot({ path: file });
		return report;
	} finally {
		await browser.close();
	}
}
