/**
 * Centra sandbox: the GraphQL Integration API (Bearer token, configurable path) with Centra's
 * envelope (`extensions.complexity`, `permissionsUsed`), missing permissions and syntax errors as
 * top-level `errors`, business failures as `userErrors` with `path`, 429 with `Retry-After`;
 * plus the REST Order API `POST /order` (`API-Authorization`) for zero-value exchange orders.
 */
import {
	buildSchema,
	execute,
	GraphQLError,
	Kind,
	parse,
	validate,
	type DocumentNode,
	type OperationDefinitionNode,
	type SelectionSetNode,
} from 'graphql';
import {
	SandboxClock,
	SandboxServer,
	type Clock,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/httpServer';
import { createRoot } from './resolvers';
import { CENTRA_SCHEMA, FIELD_PERMISSIONS } from './schema';
import { CentraState } from './state';

export interface CentraSandboxOptions {
	token?: string;
	/** Permissions of the token; default: every permission the package needs. */
	permissions?: string[];
	graphqlPath?: string;
	orderApiPath?: string;
	orderApiKey?: string;
	/** Requests and mutations allowed per 10 s window (Centra's fresh-instance quotas: 20 and 100). */
	requestQuota?: number;
	mutationQuota?: number;
	clock?: Clock;
}

export interface CentraSandbox {
	url: string;
	graphqlUrl: string;
	orderApiUrl: string;
	token: string;
	orderApiKey: string;
	state: CentraState;
	server: SandboxServer;
	/** Adds a token with its own permissions (for permission-error tests). */
	addToken(token: string, permissions: string[]): void;
	close(): Promise<void>;
}

const ALL_PERMISSIONS = [...new Set(Object.values(FIELD_PERMISSIONS).filter(Boolean))];
const schema = buildSchema(CENTRA_SCHEMA);
const WINDOW_MS = 10_000;

function countFields(selectionSet: SelectionSetNode | undefined): number {
	if (!selectionSet) return 0;
	return selectionSet.selections.reduce(
		(sum, selection) =>
			sum + 1 + countFields('selectionSet' in selection ? selection.selectionSet : undefined),
		0,
	);
}

function operationOf(document: DocumentNode, name?: string): OperationDefinitionNode | undefined {
	const operations = document.definitions.filter(
		(d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
	);
	return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

export async function startCentraSandbox(
	options: CentraSandboxOptions = {},
): Promise<CentraSandbox> {
	const token = options.token ?? 'centra-sandbox-token';
	const orderApiKey = options.orderApiKey ?? 'centra-order-api-key';
	const graphqlPath = options.graphqlPath ?? '/graphql';
	const orderApiPath = options.orderApiPath ?? '/api/order';
	const clock = options.clock ?? new SandboxClock();
	const state = new CentraState();
	const tokens = new Map<string, Set<string>>([
		[token, new Set(options.permissions ?? ALL_PERMISSIONS)],
	]);
	const requestQuota = options.requestQuota ?? 20;
	const mutationQuota = options.mutationQuota ?? 100;
	const usage = { windowStart: clock.now(), requests: 0, mutations: 0 };
	const root = {
		...createRoot(state, clock),
		rateLimits: () => [
			{
				type: 'REQUEST_COUNT',
				intervalSeconds: 'TEN_SECONDS',
				quota: requestQuota,
				usedQuota: usage.requests,
				remainingQuota: Math.max(0, requestQuota - usage.requests),
			},
			{
				type: 'MUTATION_COUNT',
				intervalSeconds: 'TEN_SECONDS',
				quota: mutationQuota,
				usedQuota: usage.mutations,
				remainingQuota: Math.max(0, mutationQuota - usage.mutations),
			},
		],
	};
	const server = new SandboxServer({
		rateLimited: () => ({
			status: 429,
			headers: { 'Retry-After': new Date(clock.now() + 1000).toUTCString() },
			body: { errors: [{ message: 'Too many requests' }] },
		}),
		serverError: () => ({ status: 502, body: { errors: [{ message: 'Bad gateway' }] } }),
	});
	const envelope = (
		body: Record<string, unknown>,
		complexity: number,
		permissionsUsed: string[],
	): SandboxResponse => ({
		status: 200,
		body: { ...body, extensions: { complexity, permissionsUsed, appVersion: 'v0.32.3-sandbox' } },
	});

	server.route('POST', graphqlPath, (req: SandboxRequest): SandboxResponse => {
		const auth = String(req.headers.authorization ?? '');
		const permissions = auth.startsWith('Bearer ') ? tokens.get(auth.slice(7)) : undefined;
		if (!permissions)
			return {
				status: 401,
				body: { errors: [{ message: 'Unauthorized', extensions: { category: 'authentication' } }] },
			};
		const now = clock.now();
		if (now - usage.windowStart >= WINDOW_MS)
			Object.assign(usage, { windowStart: now, requests: 0, mutations: 0 });
		const body = (req.body ?? {}) as {
			query?: unknown;
			variables?: Record<string, unknown>;
			operationName?: string;
		};
		if (typeof body.query !== 'string')
			return envelope(
				{
					errors: [
						{
							message: 'Body must be JSON with a "query" string',
							extensions: { category: 'graphql' },
						},
					],
				},
				0,
				[],
			);
		let document: DocumentNode;
		try {
			document = parse(body.query);
		} catch (error) {
			return envelope({ errors: [(error as GraphQLError).toJSON()] }, 0, []);
		}
		const validationErrors = validate(schema, document);
		if (validationErrors.length)
			return envelope(
				{
					errors: validationErrors.map((e) => ({
						...e.toJSON(),
						extensions: { category: 'graphql' },
					})),
				},
				0,
				[],
			);
		const operation = operationOf(document, body.operationName);
		const isMutation = operation?.operation === 'mutation';
		usage.requests++;
		if (isMutation) usage.mutations++;
		if (usage.requests > requestQuota || (isMutation && usage.mutations > mutationQuota)) {
			return {
				status: 429,
				headers: { 'Retry-After': new Date(usage.windowStart + WINDOW_MS).toUTCString() },
				body: {
					errors: [{ message: 'Rate limit exceeded', extensions: { category: 'rateLimit' } }],
				},
			};
		}
		const rootFields = (operation?.selectionSet.selections ?? []).filter(
			(s) => s.kind === Kind.FIELD,
		);
		const needed = rootFields.map((field) => ({
			field,
			permission: FIELD_PERMISSIONS[field.name.value] ?? '',
		}));
		const missing = needed.filter((n) => n.permission && !permissions.has(n.permission));
		const used = [...new Set(needed.map((n) => n.permission).filter(Boolean))];
		const complexity = countFields(operation?.selectionSet) * 10;
		if (missing.length) {
			return envelope(
				{
					errors: missing.map(({ field, permission }) => ({
						message: `You need ${permission} permission to access ${field.name.value}.`,
						extensions: { category: 'authorization' },
						locations: field.loc
							? [{ line: field.loc.startToken.line, column: field.loc.startToken.column }]
							: [],
						path: [field.alias?.value ?? field.name.value],
					})),
				},
				complexity,
				used,
			);
		}
		const result = execute({
			schema,
			document,
			rootValue: root,
			variableValues: body.variables,
			operationName: body.operationName,
		}) as { data?: unknown; errors?: readonly GraphQLError[] };
		return envelope(
			{
				data: result.data ?? null,
				...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
			},
			complexity,
			used,
		);
	});

	server.route('POST', `${orderApiPath}/order`, (req): SandboxResponse => {
		if (req.headers['api-authorization'] !== orderApiKey)
			return { status: 401, body: { status: 'no', msg: 'Invalid API-Authorization' } };
		const body = (req.body ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		const products = Array.isArray(body.products) ? body.products : [];
		if (!body.email) return { status: 400, body: { status: 'no', msg: 'email is required' } };
		if (!body.address?.country || !/^[A-Z]{2}$/.test(body.address.country))
			return {
				status: 400,
				body: { status: 'no', msg: 'address.country (ISO alpha-2) is required' },
			};
		if (products.length === 0)
			return { status: 400, body: { status: 'no', msg: 'products must not be empty' } };
		for (const [i, product] of products.entries()) {
			const size = state.productSizes.find(
				(s) => s.SKU === product.sku || (product.ean && s.EAN === product.ean),
			);
			if (!size)
				return {
					status: 400,
					body: {
						status: 'no',
						msg: `products[${i}]: unknown sku ${String(product.sku ?? product.ean)}`,
					},
				};
			if (!Number.isInteger(product.qty) || product.qty < 1)
				return {
					status: 400,
					body: { status: 'no', msg: `products[${i}].qty must be a positive whole number` },
				};
		}
		if (
			body.createdFromOrigin &&
			!['return', 'order', 'plugin'].includes(body.createdFromOrigin.type)
		)
			return {
				status: 400,
				body: { status: 'no', msg: 'createdFromOrigin.type must be return, order or plugin' },
			};
		const number = 900_000 + state.restOrders.length + 1;
		state.restOrders.push({ ...body, order: number });
		return {
			status: 201,
			body: {
				status: 'ok',
				order: number,
				orderId: `rest-${number}`,
				createdFromOrigin: body.createdFromOrigin ?? null,
			},
		};
	});

	const url = await server.start();
	return {
		url,
		graphqlUrl: `${url}${graphqlPath}`,
		orderApiUrl: `${url}${orderApiPath}`,
		token,
		orderApiKey,
		state,
		server,
		addToken: (value, permissions) => tokens.set(value, new Set(permissions)),
		close: () => server.close(),
	};
}
