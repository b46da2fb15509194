/**
 * The unit project's lazy modules (harness/lazy): a shim loads the real module on first use and
 * then behaves as it, and the resolver swaps in a shim only for the very file the shim would load.
 */
import { join } from 'path';

type LazyModule = <T extends object>(load: () => T) => T;
type Resolver = (
	request: string,
	options: {
		basedir: string;
		defaultResolver: (request: string, options: { basedir: string }) => string;
	},
) => string;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lazyModule = require('../lazy/lazyModule') as LazyModule;
const LAZY_DIR = join(__dirname, '..', 'lazy');

describe('lazyModule', () => {
	class Tool {}
	const real = () => ({ Tool, transliterate: (s: string) => s.toUpperCase(), version: 1 });

	it('loads nothing until first used, then once', () => {
		const load = jest.fn(real);
		const shim = lazyModule(load);
		expect(load).not.toHaveBeenCalled();
		expect(shim.transliterate('ä')).toBe('Ä');
		expect(new Tool()).toBeInstanceOf(shim.Tool);
		expect(shim.version).toBe(1);
		expect(load).toHaveBeenCalledTimes(1);
	});

	it('answers `in`, key listing, spreading and assignment as the real module', () => {
		const target = real();
		const shim = lazyModule(() => target);
		expect('Tool' in shim).toBe(true);
		expect('missing' in shim).toBe(false);
		expect(Object.keys(shim)).toEqual(Object.keys(target));
		expect({ ...shim }).toEqual(target);
		shim.version = 2;
		expect(target.version).toBe(2);
	});
});

describe('lazy resolver', () => {
	const loadResolver = () => {
		let resolver: Resolver | undefined;
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			resolver = require('../lazy/resolver') as Resolver;
		});
		return resolver!;
	};
	/** Hoisted packages under /nm; n8n-core/old carries its own nested ssh2. */
	const defaultResolver = (request: string, { basedir }: { basedir: string }) =>
		basedir.startsWith('/nm/n8n-core/old') && request === 'ssh2'
			? '/nm/n8n-core/old/node_modules/ssh2/index.js'
			: request.startsWith('.')
				? join(basedir, `${request}.js`)
				: `/nm/${request}/index.js`;
	const resolve = (resolver: Resolver, request: string, basedir: string) =>
		resolver(request, { basedir, defaultResolver });

	it('gives whoever requires a listed module its shim, and the shim the real module', () => {
		const resolver = loadResolver();
		expect(resolve(resolver, 'ssh2', '/nm/n8n-core/dist')).toBe(join(LAZY_DIR, 'ssh2.js'));
		expect(resolve(resolver, 'transliteration', '/nm/n8n-workflow/dist')).toBe(
			join(LAZY_DIR, 'transliteration.js'),
		);
		expect(resolve(resolver, 'ssh2', LAZY_DIR)).toBe('/nm/ssh2/index.js');
	});

	it('leaves other modules and a nested copy of a listed one as they are', () => {
		const resolver = loadResolver();
		expect(resolve(resolver, 'lodash', '/nm/n8n-core/dist')).toBe('/nm/lodash/index.js');
		expect(resolve(resolver, 'ssh2', '/nm/n8n-core/old')).toBe(
			'/nm/n8n-core/old/node_modules/ssh2/index.js',
		);
		expect(resolve(resolver, './ai-tool-types', '/nm/n8n-core/dist/utils')).toBe(
			'/nm/n8n-core/dist/utils/ai-tool-types.js',
		);
	});

	it('swaps a relative require inside n8n-core when it names the listed file', () => {
		const resolver = loadResolver();
		const file =
			'/nm/n8n-core/dist/execution-engine/node-execution-context/utils/ai-tool-types/index.js';
		const byPath = (request: string, { basedir }: { basedir: string }) =>
			request === './ai-tool-types' ? file : defaultResolver(request, { basedir });
		expect(
			resolver('./ai-tool-types', {
				basedir: '/nm/n8n-core/dist/execution-engine/node-execution-context/utils',
				defaultResolver: byPath,
			}),
		).toBe(join(LAZY_DIR, 'aiToolTypes.js'));
	});
});
