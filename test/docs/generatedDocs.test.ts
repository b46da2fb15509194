import { readFileSync } from 'fs';
import { resolve } from 'path';
import { GENERATED_DOCS } from '../../scripts/generateDocs';

describe('generated docs', () => {
	it.each(Object.keys(GENERATED_DOCS))(
		'%s is up to date (run `npm run docs` if this fails)',
		(file) => {
			const current = readFileSync(resolve(__dirname, '..', '..', file), 'utf8');
			expect(current).toBe(GENERATED_DOCS[file]());
		},
	);
});
