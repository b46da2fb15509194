/**
 * A small validator for the JSON-schema subset the trimmed SP-API contracts use (type, required,
 * properties, items, enum, $ref to definitions). Amazon sends `null` for absent optional fields
 * (https://github.com/amzn/selling-partner-api-models/issues/4993), so null counts as absent
 * unless the field is required.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

interface Schema {
	type?: string;
	required?: string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
	$ref?: string;
}

export interface Contract {
	definitions: Record<string, Schema>;
}

export function loadContract(name: string): Contract {
	return JSON.parse(readFileSync(resolve(__dirname, `${name}.schema.json`), 'utf8')) as Contract;
}

function typeOk(type: string, value: unknown): boolean {
	switch (type) {
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'array':
			return Array.isArray(value);
		case 'integer':
			return Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'string':
			return typeof value === 'string';
		case 'boolean':
			return typeof value === 'boolean';
		default:
			return true;
	}
}

/** Problems found, as "path: what" strings; empty when the value fits. */
export function validate(contract: Contract, definition: string, value: unknown): string[] {
	const problems: string[] = [];
	const walk = (schema: Schema, v: unknown, path: string): void => {
		if (schema.$ref) {
			const name = schema.$ref.split('/').pop() as string;
			const target = contract.definitions[name];
			if (!target) problems.push(`${path}: unknown definition ${name}`);
			else walk(target, v, path);
			return;
		}
		if (schema.type && !typeOk(schema.type, v)) {
			problems.push(`${path}: expected ${schema.type}, got ${JSON.stringify(v)}`);
			return;
		}
		if (schema.enum && !schema.enum.includes(v))
			problems.push(`${path}: ${JSON.stringify(v)} is not one of ${schema.enum.join(', ')}`);
		if (schema.type === 'object' || schema.properties) {
			const object = v as Record<string, unknown>;
			for (const name of schema.required ?? [])
				if (object[name] === undefined || object[name] === null)
					problems.push(`${path}.${name}: required`);
			for (const [name, child] of Object.entries(schema.properties ?? {}))
				if (object[name] !== undefined && object[name] !== null)
					walk(child, object[name], `${path}.${name}`);
		}
		if (schema.items && Array.isArray(v))
			v.forEach((entry, index) => walk(schema.items as Schema, entry, `${path}[${index}]`));
	};
	walk(contract.definitions[definition], value, definition);
	return problems;
}
