/**
 * Resource -> its operations, as the description's option values spell them. The resource and
 * operation dropdowns are built from records keyed by these names (common.descriptions.ts), and
 * the router switches over them exhaustively: an operation listed here without an option, an
 * option without a router case, or a case without an entry here does not compile.
 */
export type CentraMap = {
	disposition: 'route';
	order: 'addNote' | 'createExchange' | 'get' | 'getMany';
	return: 'complete' | 'create' | 'get' | 'getMany' | 'refund';
	setup: 'check';
	stock: 'findMovements' | 'getLevels' | 'move';
};

export type CentraResource = keyof CentraMap;

/** `resource.operation`, the router's switch key. */
export type CentraOperationKey = {
	[R in CentraResource]: `${R}.${CentraMap[R]}`;
}[CentraResource];
