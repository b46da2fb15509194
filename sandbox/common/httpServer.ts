/**
 * Minimal HTTP kit for the sandbox servers: real sockets on 127.0.0.1, JSON helpers, a route
 * table with path parameters, a request log, and fault injection applied before any handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { FaultInjector, type Fault } from './faults';

export interface SandboxRequest {
	method: string;
	path: string;
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	/** Parsed JSON body, or undefined when the body is empty or not JSON. */
	body: unknown;
}

export interface SandboxResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Raw bytes to send as is (e.g. a gzip document). */
	raw?: Buffer;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	key: string;
	handler: Handler;
}

export interface FaultResponses {
	rateLimited: () => SandboxResponse;
	serverError: () => SandboxResponse;
}

export class SandboxServer {
	private readonly routes: Route[] = [];
	private server: Server | undefined;
	readonly faults = new FaultInjector();
	readonly log: Array<{ method: string; path: string; status: number; fault: Fault }> = [];
	url = '';
	/** How long a "slow" fault holds the answer (ms); clients should time out first. */
	slowMs = 5_000;

	constructor(private readonly faultResponses: FaultResponses) {}

	route(method: string, path: string, handler: Handler): this {
		const names: string[] = [];
		const pattern = new RegExp(
			`^${path.replace(/\{(\w+)\}/g, (_, name: string) => {
				names.push(name);
				return '([^/]+)';
			})}$`,
		);
		this.routes.push({ method, pattern, names, key: `${method} ${path}`, handler });
		return this;
	}

	async start(port = 0): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const method = req.method ?? 'GET';
		const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
		if (!route)
			return this.send(
				res,
				method,
				url.pathname,
				{ status: 404, body: { error: `no route ${method} ${url.pathname}` } },
				null,
			);
		const fault = this.faults.decide(route.key);
		if (fault === 'drop') {
			this.log.push({ method, path: url.pathname, status: 0, fault });
			req.socket.destroy();
			return;
		}
		// Unref'd: a held answer whose client already gave up must not keep a closed server's process
		// (a jest worker) alive for the rest of slowMs.
		if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, this.slowMs).unref());
		if (fault === 'rateLimited')
			return this.send(res, method, url.pathname, this.faultResponses.rateLimited(), fault);
		if (fault === 'serverError')
			return this.send(res, method, url.pathname, this.faultResponses.serverError(), fault);
		const match = route.pattern.exec(url.pathname)!;
		const params = Object.fromEntries(
			route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]),
		);
		let body: unknown;
		if (rawBody.length > 0 && (req.headers['content-type'] ?? '').includes('json')) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = undefined;
			}
		}
		try {
			const response = await route.handler({
				method,
				path: url.pathname,
				params,
				query: url.searchParams,
				headers: req.headers,
				rawBody,
				body,
			});
			this.send(res, method, url.pathname, response, fault);
		} catch (error) {
			this.send(
				res,
				method,
				url.pathname,
				{ status: 500, body: { error: (error as Error).message } },
				fault,
			);
		}
	}

	private send(
		res: ServerResponse,
		method: string,
		path: string,
		response: SandboxResponse,
		fault: Fault,
	): void {
		this.log.push({ method, path, status: response.status, fault });
		if (res.destroyed) return;
		res.statusCode = response.status;
		for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
		if (response.raw) {
			res.end(response.raw);
		} else if (response.body === undefined) {
			res.end();
		} else {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(response.body));
		}
	}
}

export interface Clock {
	now(): number;
}

/** A clock tests move by hand, for exact rate-limit and window tests. */
export class ManualClock implements Clock {
	constructor(private current: number = Date.now()) {}

	now(): number {
		return this.current;
	}

	advance(ms: number): void {
		this.current += ms;
	}
}

/** A virtual clock: `timeScale` simulated ms pass per real ms, so windows elapse in seconds. */
export class SandboxClock implements Clock {
	private readonly startedReal = Date.now();

	constructor(
		private readonly startSimulated: number = Date.now(),
		public timeScale = 1,
	) {}

	now(): number {
		return this.startSimulated + (Date.now() - this.startedReal) * this.timeScale;
	}
}
