/**
 * Credentials for harness runs, applied the way n8n applies them: defaults from the credential
 * type's properties, `={{ }}` expressions resolved with n8n's own expression engine, the type's
 * `authenticate` (generic or function) and `preAuthentication` for expirable tokens, whose
 * refreshed values are stored back (n8n persists them to its database).
 */
// n8n-core's credentials module, not its index (see runWorkflow.ts).
import { Credentials } from 'n8n-core/dist/credentials';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';
import { packageCredentialPaths } from './nodeTypes';

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export function loadPackageCredentialTypes(): Record<string, ICredentialType> {
	const types: Record<string, ICredentialType> = {};
	for (const path of packageCredentialPaths()) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(path) as Record<string, new () => ICredentialType>;
		for (const Exported of Object.values(module)) {
			if (typeof Exported !== 'function') continue;
			const type = new Exported();
			types[type.name] = type;
		}
	}
	return types;
}

/**
 * A credential type of n8n-nodes-base (e.g. httpHeaderAuth for the Webhook node's header
 * authentication), loaded from its compiled file as n8n does.
 */
export function builtinCredentialType(name: string): ICredentialType {
	const file = `${name[0].toUpperCase()}${name.slice(1)}`;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(`n8n-nodes-base/dist/credentials/${file}.credentials`) as Record<
		string,
		new () => ICredentialType
	>;
	for (const Exported of Object.values(module)) {
		if (typeof Exported !== 'function') continue;
		const type = new Exported();
		if (type.name === name) return type;
	}
	throw new Error(`n8n-nodes-base has no credential type "${name}"`);
}

/** Built-in credential types a template's nodes use without the test naming them. */
const BUILTIN_ON_DEMAND = new Set(['postgres']);

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** How often each credential type's preAuthentication ran (token refreshes). */
	readonly refreshes: Record<string, number> = {};

	constructor(
		/** Credential data by credential type name; mutated when a token is refreshed. */
		readonly store: CredentialStore,
		private readonly types: Record<string, ICredentialType> = loadPackageCredentialTypes(),
	) {
		super();
	}

	private type(name: string): ICredentialType {
		// n8n-nodes-base's own types (e.g. postgres for the Postgres templates) load on first use.
		const type =
			this.types[name] ?? (BUILTIN_ON_DEMAND.has(name) ? builtinCredentialType(name) : undefined);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = incoming as IHttpRequestOptions;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('generic authentication needs the workflow and node');
			for (const [outer, entries] of Object.entries(authenticate.properties)) {
				const target = ((options as unknown as Record<string, Record<string, unknown>>)[outer] ??=
					{});
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					const resolvedKey = this.resolve(key, credentials, workflow, node);
					target[resolvedKey] = this.resolve(value as string, credentials, workflow, node);
				}
			}
		}
		return options;
	}

	private resolve(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved === undefined || resolved === null ? '' : String(resolved);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		)
			return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.refreshes[typeName] = (this.refreshes[typeName] ?? 0) + 1;
		Object.assign(this.store[typeName], output);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const credentials = new Credentials({ id: details.id, name: details.name }, type);
		await credentials.setData(this.withDefaults(type));
		return credentials;
	}

	private withDefaults(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (!data) throw new Error(`The test supplied no credentials of type "${type}"`);
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.type(type).properties) {
			if (property.default !== undefined && !isExpression(property.default as string)) {
				defaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
			}
		}
		return { ...defaults, ...data };
	}

	async getDecrypted(
		_additionalData: unknown,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.withDefaults(type) };
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
