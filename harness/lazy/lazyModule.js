/**
 * A module's exports that load the real module on first use. n8n-core and n8n-workflow require
 * some libraries at start but use them only inside functions (AI tools, SSH, OAuth2, proxies, XML
 * error bodies, transliteration); jest gives every test file its own module registry, so each file
 * would load them again although most never call them. Every property access, `in`, key listing
 * and assignment goes to the real module, so whoever uses it sees exactly what it exports.
 */
module.exports = function lazyModule(load) {
	let real;
	const target = () => (real ??= load());
	return new Proxy(
		{},
		{
			get: (_, key) => Reflect.get(target(), key),
			has: (_, key) => Reflect.has(target(), key),
			ownKeys: () => Reflect.ownKeys(target()),
			getOwnPropertyDescriptor: (_, key) => {
				const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
				// A proxy may not report a property its own (empty) target lacks as non-configurable.
				return descriptor && { ...descriptor, configurable: true };
			},
			set: (_, key, value) => Reflect.set(target(), key, value),
			defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
			deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
		},
	);
};
