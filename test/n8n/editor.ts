/**
 * n8n's editor in headless Chromium (Debian's, flags for a machine without internet), signed in
 * with the owner's session, walked as a person would: open a workflow, look at the canvas, open
 * every node's panel (double-click), and note what the editor flags.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface CanvasReport {
	nodeNames: string[];
	/** Node icons of this package that the browser loaded (image width > 0). */
	packageIcons: number;
	/** Text of nodes n8n could not find ("not installed" and the like). */
	unknownNodeTexts: string[];
	/** Nodes showing the red issue badge on the canvas, with the issues n8n lists for them. */
	issueBadges: Array<{ node: string; issues: string[] }>;
	/** What the canvas writes on and under each node (its name and subtitle), by node name. */
	nodeTexts: Record<string, string>;
}

export interface PanelReport {
	node: string;
	opened: boolean;
	/** Red flags inside the panel: parameter issues, options that failed to load. */
	problems: string[];
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

/** Phrases the editor shows for a node type it does not have. */
const UNKNOWN_NODE_PHRASES = [
	'not currently installed',
	'install this node',
	'node is not known',
	'unknown node',
];

/** Phrases the editor shows when a parameter's options or list could not be loaded. */
const LOAD_ERROR_PHRASES = [
	'error fetching options',
	'could not load',
	'problem loading the parameter options',
];

export class Editor {
	private constructor(
		private readonly browser: Browser,
		private readonly context: BrowserContext,
		readonly page: Page,
		private readonly baseUrl: string,
		private readonly cookie: string,
	) {}

	static async open(baseUrl: string, cookie: string): Promise<Editor> {
		const browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: FLAGS,
		});
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		const [name, ...value] = cookie.split('=');
		await context.addCookies([{ name, value: value.join('='), url: baseUrl }]);
		const page = await context.newPage();
		return new Editor(browser, context, page, baseUrl, cookie);
	}

	async close(): Promise<void> {
		await this.context.close().catch(() => undefined);
		await this.browser.close();
	}

	/** Opens a workflow and waits until its canvas has drawn and its icons have loaded. */
	async openWorkflow(workflowId: string): Promise<void> {
		// Generous: the editor bundle is large and the machine may be busy.
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`, {
			waitUntil: 'domcontentloaded',
			timeout: 180_000,
		});
		await this.page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 180_000 });
		await this.page.waitForLoadState('networkidle').catch(() => undefined);
		await this.page.waitForTimeout(1500);
	}

	async screenshot(file: string, fullPage = false): Promise<void> {
		mkdirSync(dirname(file), { recursive: true });
		await this.page.screenshot({ path: file, fullPage });
	}

	/** What the canvas shows: node names, icons, unknown nodes, red issue badges. */
	async canvas(): Promise<CanvasReport> {
		// Runs in the page; kept as source text so this file needs no DOM types.
		const report = (await this.page.evaluate(`(() => {
			const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
			const icons = [...document.querySelectorAll('img')].filter((img) => img.src.includes('n8n-nodes-returns-reconciliation') && img.naturalWidth > 0);
			const text = document.body.innerText.toLowerCase();
			const unknown = ${JSON.stringify(UNKNOWN_NODE_PHRASES)}.filter((phrase) => text.includes(phrase));
			const badged = nodes.filter((n) => n.querySelector('[data-test-id="node-issues"]')).map((n) => n.getAttribute('data-node-name'));
			const nodeTexts = Object.fromEntries(nodes.map((n) => [n.getAttribute('data-node-name'), n.innerText.replace(/\\s+/g, ' ').trim()]));
			return { nodeNames: nodes.map((n) => n.getAttribute('data-node-name') || n.innerText.split('\\n')[0]), packageIcons: icons.length, unknownNodeTexts: unknown, badged, nodeTexts };
		})()`)) as Omit<CanvasReport, 'issueBadges'> & { badged: string[] };
		const issueBadges: CanvasReport['issueBadges'] = [];
		for (const node of report.badged) issueBadges.push({ node, issues: await this.issuesOf(node) });
		return {
			nodeNames: report.nodeNames,
			packageIcons: report.packageIcons,
			unknownNodeTexts: report.unknownNodeTexts,
			issueBadges,
			nodeTexts: report.nodeTexts,
		};
	}

	/** The issue list n8n shows in the badge's tooltip (hovered, as a person reads it). */
	private async issuesOf(node: string): Promise<string[]> {
		const badge = this.nodeLocator(node).locator('[data-test-id="node-issues"]').first();
		try {
			await badge.hover({ force: true, timeout: 5000 });
			// n8n shows the badge's tooltip after half a second: "Issues:" and one line per issue.
			const tooltip = this.page.locator('.n8n-tooltip:visible').last();
			await tooltip.waitFor({ timeout: 5000 });
			const text = await tooltip.innerText();
			await this.page.mouse.move(0, 0);
			await this.page.waitForTimeout(300);
			return text
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => line.length > 0 && line !== 'Issues:');
		} catch {
			return ['(issue badge shown; its tooltip did not open)'];
		}
	}

	private nodeLocator(node: string) {
		return this.page.locator(
			`[data-test-id="canvas-node"][data-node-name=${JSON.stringify(node)}]`,
		);
	}

	/** Names of the working nodes on the canvas (sticky notes are backgrounds, not panels). */
	async workingNodes(): Promise<string[]> {
		return (await this.page.evaluate(`(() =>
			[...document.querySelectorAll('[data-test-id="canvas-node"]')]
				.filter((n) => n.getAttribute('data-node-type') !== 'n8n-nodes-base.stickyNote')
				.map((n) => n.getAttribute('data-node-name'))
		)()`)) as string[];
	}

	/**
	 * Opens a node's parameter panel by double-clicking it, waits for its options to load, notes
	 * every red flag in it (with a screenshot when there is one), and closes it again.
	 */
	async openPanel(
		node: string,
		options: { loadOptions?: boolean; screenshotOnProblem?: string } = {},
	): Promise<PanelReport> {
		const ndv = this.page.locator('[data-test-id="ndv"]');
		// A double-click on a busy machine is sometimes taken as two clicks: one retry, then report.
		let opened = false;
		for (let attempt = 0; attempt < 2 && !opened; attempt++) {
			await this.nodeLocator(node).dblclick({ force: true });
			try {
				await ndv.first().waitFor({ state: 'visible', timeout: 20_000 });
				await this.page
					.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]')
					.first()
					.waitFor({ state: 'visible', timeout: 20_000 });
				opened = true;
			} catch {
				await this.page.mouse.click(5, 5).catch(() => undefined);
			}
		}
		if (!opened) return { node, opened: false, problems: ['the parameter panel did not open'] };
		// Options load when their dropdown opens, too: open each one once, as a person choosing would
		// (only where options come from a server: this package's nodes).
		if (options.loadOptions) {
			await this.page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
			await this.openDropdowns();
		} else {
			await this.page.waitForTimeout(300);
		}
		const problems = (await this.page.evaluate(`(() => {
			const panel = document.querySelector('[data-test-id="ndv"]');
			if (!panel) return ['the parameter panel vanished'];
			// The parameter a flag belongs to: the label of the nearest enclosing field.
			const labelOf = (element) => {
				const item = element.closest('[data-test-id="parameter-item"]');
				const label = item && item.querySelector('[data-test-id="input-label"]');
				if (label && label.innerText.trim()) return label.innerText.split('\\n')[0].trim();
				for (let node = element; node && node !== panel; node = node.parentElement) {
					const id = node.getAttribute('data-test-id') || '';
					if (id.startsWith('parameter-input-') && id !== 'parameter-input-field') return id.slice(16);
				}
				return '(unlabelled field)';
			};
			const found = [];
			const phrases = ${JSON.stringify(LOAD_ERROR_PHRASES)};
			const text = panel.innerText.toLowerCase();
			for (const phrase of phrases) if (text.includes(phrase)) found.push('shows "' + phrase + '"');
			// A failed options load shows as the field's placeholder ("Error fetching options from ...").
			for (const input of panel.querySelectorAll('input, textarea, [class*="placeholder"]')) {
				const shown = (input.getAttribute('placeholder') || input.value || input.innerText || '').trim();
				if (phrases.some((phrase) => shown.toLowerCase().includes(phrase)))
					found.push(labelOf(input) + ': ' + shown);
			}
			for (const issue of panel.querySelectorAll('[data-test-id="parameter-issues"]'))
				found.push(labelOf(issue) + ': red issue mark');
			return found;
		})()`)) as string[];
		if (problems.length > 0 && options.screenshotOnProblem)
			await this.screenshot(options.screenshotOnProblem);
		await this.closePanel();
		return { node, opened: true, problems };
	}

	/** Clicks each select of the open panel once (loads its options), then closes it. */
	private async openDropdowns(): Promise<void> {
		const selects = this.page.locator('[data-test-id="ndv"] .el-select:visible');
		const count = Math.min(await selects.count(), 12);
		for (let i = 0; i < count; i++) {
			try {
				await selects.nth(i).click({ timeout: 3000 });
				await this.page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
				await this.page.waitForTimeout(200);
				await this.page.keyboard.press('Escape');
			} catch {
				// A select that cannot be clicked (hidden behind another field) is seen without options.
			}
		}
	}

	private async closePanel(): Promise<void> {
		const ndv = this.page.locator('[data-test-id="ndv"]').first();
		for (let attempt = 0; attempt < 3 && (await ndv.isVisible()); attempt++) {
			await this.page
				.locator('[data-test-id="ndv-close-button"]')
				.first()
				.click({ timeout: 5000 })
				.catch(() => this.page.keyboard.press('Escape'));
			await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
		}
		if (await ndv.isVisible()) throw new Error('the parameter panel did not close');
	}

	/**
	 * The HTML of a file a node wrote (the matcher's report): inline when n8n keeps binary data in
	 * memory, else downloaded through the editor's binary-data endpoint with the owner's session.
	 * Downloaded, not viewed: n8n serves `action=view` only for its ViewableMimeTypes (text/html is
	 * not one, so a page cannot run scripts in the editor's origin) and answers 400 otherwise; see
	 * BinaryDataController and ViewableMimeTypes in https://github.com/n8n-io/n8n (packages/cli,
	 * packages/@n8n/api-types).
	 */
	async reportHtml(report: BinaryRef): Promise<string> {
		if (!report.id) return Buffer.from(report.data ?? '', 'base64').toString('utf8');
		const query = new URLSearchParams({ id: report.id, action: 'download' });
		const response = await fetch(`${this.baseUrl}/rest/binary-data?${query.toString()}`, {
			headers: { cookie: this.cookie },
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`n8n answered the report download with ${response.status}: ${text}`);
		return text;
	}

	/**
	 * Renders a report's HTML in the same headless browser (as a person opening the downloaded file
	 * sees it) and keeps a screenshot of the whole page and the HTML next to it.
	 */
	async screenshotReport(html: string, file: string): Promise<void> {
		const page = await this.context.newPage();
		try {
			await page.setContent(html, { waitUntil: 'load' });
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file.replace(/\.png$/, '.html'), html);
			await page.screenshot({ path: file, fullPage: true });
		} finally {
			await page.close();
		}
	}
}

export interface BinaryRef {
	id?: string;
	data?: string;
	mimeType?: string;
	fileName?: string;
}

interface ExecutionWithData {
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ binary?: Record<string, BinaryRef> }> | null> } }>
			>;
		};
	};
}

/** The first HTML file a node wrote in an execution (public API, includeData=true), if any. */
export function htmlReportOf(execution: unknown, node: string): BinaryRef | undefined {
	const runs = (execution as ExecutionWithData).data?.resultData?.runData?.[node] ?? [];
	for (const run of runs)
		for (const output of run.data?.main ?? [])
			for (const item of output ?? [])
				for (const binary of Object.values(item.binary ?? {}))
					if (binary.mimeType === 'text/html') return binary;
	return undefined;
}
