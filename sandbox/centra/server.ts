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
	TypeInfo,
	validate,
	visit,
	visitWithTypeInfo,
	type DocumentNode,
	type FieldNode,
	type GraphQLSchema,
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
	/**
	 * Requests and mutations allowed per 10 s window, and mutations per hour. Defaults are
	 * Centra's default plan (https://centra.dev/integration-api/api-rate-limits): 60 requests and
	 * 20 mutations per 10 s, 1,800 mutations per hour.
	 */
	requestQuota?: number;
	mutationQuota?: number;
	hourlyMutationQuota?: number;
	/**
	 * How a 429 says when to come back. Centra describes `Retry-After` as "the timestamp at which it
	 * is possible to try again" (a Unix timestamp); HTTP allows a date or seconds, so all three are
	 * served to prove the node reads each.
	 */
	retryAfterFormat?: 'unix' | 'http-date' | 'seconds';
	/** Another schema (e.g. the contract minus a field) to see what Check Setup reports. */
	schemaSdl?: string;
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
	/**
	 * Holds the first `count` requests of a GraphQL operation (by its name) until all of them
	 * arrived, so concurrent executions are forced to interleave: each finishes its look-up
	 * before any writes (the check-then-write race, made certain).
	 */
	holdUntilAll(operationName: string, count: number): void;
	/**
	 * Mutations the quota counted, by root field (e.g. `changeStock`): what the benchmarks divide by
	 * the returned units. A refused (429) request is not counted, as Centra does not count it.
	 */
	mutationCalls: Record<string, number>;
	/** Adds a token with its own permissions (for permission-error tests). */
	addToken(token: string, permissions: string[]): void;
	close(): Promise<void>;
}

const defaultSchema = buildSchema(CENTRA_SCHEMA);
const PERMISSION = /Required permission: ([A-Za-z.]+:(?:read|write))/;
const ALL_PERMISSIONS = [
	...new Set([
		...Object.values(FIELD_PERMISSIONS).filter(Boolean),
		...[...CENTRA_SCHEMA.matchAll(new RegExp(PERMISSION.source, 'g'))].map((m) => m[1]),
	]),
];

/**
 * The permission of every selected field, from the "Required permission" lines Centra prints on
 * each schema page (kept as descriptions in the contract file): nested ones such as
 * `Warehouse.stock:read` or `PaymentHistory:read` included, as Centra checks them.
 */
function permissionsOf(
	schemaUsed: GraphQLSchema,
	operation: OperationDefinitionNode,
): Array<{ field: FieldNode; permission: string }> {
	const needed: Array<{ field: FieldNode; permission: string }> = [];
	const typeInfo = new TypeInfo(schemaUsed);
	visit(
		operation,
		visitWithTypeInfo(typeInfo, {
			Field(node) {
				const def = typeInfo.getFieldDef();
				const permission =
					typeInfo.getParentType()?.name === 'Query' ||
					typeInfo.getParentType()?.name === 'Mutation'
						? FIELD_PERMISSIONS[node.name.value]
						: PERMISSION.exec(def?.description ?? '')?.[1];
				if (permission) needed.push({ field: node, permission });
			},
		}),
	);
	return needed;
}
const WINDOW_MS = 10_000;
const HOUR_MS = 3_600_000;

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
	const schema = options.schemaSdl ? buildSchema(options.schemaSdl) : defaultSchema;
	const tokens = new Map<string, Set<string>>([
		[token, new Set(options.permissions ?? ALL_PERMISSIONS)],
	]);
	const requestQuota = options.requestQuota ?? 60;
	const mutationQuota = options.mutationQuota ?? 20;
	const hourlyMutationQuota = options.hourlyMutationQuota ?? 1800;
	const retryAfterFormat = options.retryAfterFormat ?? 'unix';
	const usage = { windowStart: clock.now(), requests: 0, mutations: 0 };
	const hourly = { windowStart: clock.now(), mutations: 0 };
	const retryAfter = (at: number): string =>
		retryAfterFormat === 'unix'
			? String(Math.ceil(at / 1000))
			: retryAfterFormat === 'http-date'
				? // An HTTP-date names whole seconds (RFC 9110 section 5.6.7): round up, as the unix form
					// does, so the time named is never before the window ends.
					new Date(Math.ceil(at / 1000) * 1000).toUTCString()
				: String(Math.max(0, Math.ceil((at - clock.now()) / 1000)));
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
			{
				type: 'MUTATION_COUNT',
				intervalSeconds: 'ONE_HOUR',
				quota: hourlyMutationQuota,
				usedQuota: hourly.mutations,
				remainingQuota: Math.max(0, hourlyMutationQuota - hourly.mutations),
			},
		],
	};
	const server = new SandboxServer({
		rateLimited: () => ({
			status: 429,
			headers: { 'Retry-After': retryAfter(clock.now() + 1000) },
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

	const checked = new Map<
		string,
		{ document: DocumentNode; validationErrors: readonly GraphQLError[] }
	>();
	const permissionsSeen = new WeakMap<OperationDefinitionNode, ReturnType<typeof permissionsOf>>();
	const permissionsOfCached = (operation: OperationDefinitionNode) => {
		let needed = permissionsSeen.get(operation);
		if (!needed) permissionsSeen.set(operation, (needed = permissionsOf(schema, operation)));
		return needed;
	};
	const mutationCalls: Record<string, number> = {};
	const holds = new Map<
		string,
		{ count: number; arrived: number; release: () => void; released: Promise<void> }
	>();
	const holdUntilAll = (operationName: string, count: number) => {
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		holds.set(operationName, { count, arrived: 0, release, released });
	};

	server.route('POST', graphqlPath, async (req: SandboxRequest): Promise<SandboxResponse> => {
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
		if (now - hourly.windowStart >= HOUR_MS)
			Object.assign(hourly, { windowStart: now, mutations: 0 });
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
		let validationErrors: readonly GraphQLError[];
		// A node sends the same few query texts all day: each is parsed and validated once per
		// sandbox (the result depends only on the text and this sandbox's schema).
		const known = checked.get(body.query);
		if (known) ({ document, validationErrors } = known);
		else {
			try {
				document = parse(body.query);
			} catch (error) {
				return envelope({ errors: [(error as GraphQLError).toJSON()] }, 0, []);
			}
			validationErrors = validate(schema, document);
			if (checked.size > 500) checked.clear();
			checked.set(body.query, { document, validationErrors });
		}
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
		const hold = holds.get(operation?.name?.value ?? '');
		if (hold && hold.arrived < hold.count) {
			hold.arrived++;
			if (hold.arrived === hold.count) hold.release();
			else {
				// A request whose partners never come goes on after a while; the timer is cleared once
				// the hold is released, so a test that closes the sandbox leaves no timer running.
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([
					hold.released,
					new Promise((resolve) => (timer = setTimeout(resolve, 5_000))),
				]);
				clearTimeout(timer);
			}
		}
		const overHour = isMutation && hourly.mutations + 1 > hourlyMutationQuota;
		const overWindow =
			usage.requests + 1 > requestQuota || (isMutation && usage.mutations + 1 > mutationQuota);
		if (overHour || overWindow) {
			// A refused request is not counted and has no effect (safe to retry).
			return {
				status: 429,
				headers: {
					'Retry-After': retryAfter(
						overHour ? hourly.windowStart + HOUR_MS : usage.windowStart + WINDOW_MS,
					),
				},
				body: {
					errors: [{ message: 'Rate limit exceeded', extensions: { category: 'rateLimit' } }],
				},
			};
		}
		usage.requests++;
		if (isMutation) {
			usage.mutations++;
			hourly.mutations++;
			for (const selection of operation.selectionSet.selections)
				if (selection.kind === Kind.FIELD)
					mutationCalls[selection.name.value] = (mutationCalls[selection.name.value] ?? 0) + 1;
		}
		const needed = operation ? permissionsOfCached(operation) : [];
		const missing = needed
			.filter((n) => !permissions.has(n.permission))
			.filter((n, i, all) => all.findIndex((m) => m.permission === n.permission) === i);
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

	/**
	 * REST Order API create (https://docs.centra.com/api-references/order-api/api-reference/create-order):
	 * success is `{"status":"ok","orders":[<id>]}` (a single `order` only with `createOnly`);
	 * refusals are HTTP 200 with `status:"no"` and a message. An explicit `orderNumber` that exists
	 * is refused, which is what makes a concurrent second create fail.
	 */
	server.route('POST', `${orderApiPath}/order`, (req): SandboxResponse => {
		if (req.headers['api-authorization'] !== orderApiKey)
			return { status: 401, body: { status: 'no', msg: 'Invalid API-Authorization' } };
		const body = (req.body ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		const refuse = (msg: string, code = 'invalid'): SandboxResponse => ({
			status: 200,
			body: { status: 'no', code, msg },
		});
		const products = Array.isArray(body.products) ? body.products : [];
		if (!body.email) return refuse('email is required');
		if (!body.address?.country || !/^[A-Z]{2}$/.test(body.address.country))
			return refuse('address.country (ISO alpha-2) is required');
		if (products.length === 0) return refuse('products must not be empty');
		for (const [i, product] of products.entries()) {
			const size = state.productSizes.find(
				(s) => s.SKU === product.sku || (product.ean && s.EAN === product.ean),
			);
			if (!size) return refuse(`products[${i}]: unknown sku ${String(product.sku ?? product.ean)}`);
			if (!Number.isInteger(product.qty) || product.qty < 1)
				return refuse(`products[${i}].qty must be a positive whole number`);
		}
		const origin = body.createdFromOrigin;
		if (origin) {
			if (!['return', 'order', 'plugin'].includes(origin.type))
				return refuse('createdFromOrigin.type must be return, order or plugin');
			const exists =
				origin.type === 'return'
					? state.returns.some((r) => r.id === origin.id)
					: origin.type === 'order'
						? state.orders.some((o) => o.number === origin.id)
						: true;
			if (!Number.isInteger(origin.id) || !exists)
				return refuse(
					`createdFromOrigin.id ${String(origin.id)} is not a Centra ${origin.type} id`,
				);
		}
		if (body.orderNumber !== undefined) {
			const taken =
				state.orders.some((o) => String(o.number) === String(body.orderNumber)) ||
				state.restOrders.some((o) => String(o.order) === String(body.orderNumber));
			if (taken) return refuse(`Order number ${String(body.orderNumber)} already exists`, 'exists');
		}
		const number = Number(body.orderNumber ?? 900_000 + state.restOrders.length + 1);
		state.restOrders.push({ ...body, order: number });
		state.orders.push({
			id: `rest-${number}`,
			number,
			status: 'CONFIRMED',
			createdAt: new Date(clock.now()).toISOString(),
			isOnHold: false,
			internalComment: body.internalComment ?? null,
			otherComment: '',
			customer: { id: 0, email: String(body.email) },
			currency: state.orders[0]?.currency ?? 'EUR',
			lines: [],
			shipments: [],
			history: [],
		});
		return {
			status: 200,
			body: body.createOnly ? { status: 'ok', order: number } : { status: 'ok', orders: [number] },
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
		holdUntilAll,
		mutationCalls,
		addToken: (value, permissions) => tokens.set(value, new Set(permissions)),
		close: () => server.close(),
	};
}
