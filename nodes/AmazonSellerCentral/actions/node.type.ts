/**
 * Resource -> its operations, as the description's option values spell them. The operation
 * dropdowns are built from records keyed by these names (description.ts), and the router switches
 * over them exhaustively: an operation listed here without an option, an option without a router
 * case, or a case without an entry here does not compile.
 */
export type AmazonMap = {
	claim: 'getFbaReimbursements' | 'getSafetReimbursements';
	order: 'get';
	refund: 'check' | 'getMany' | 'refundOnReceipt';
	returnsReport: 'get';
	settlementReport: 'get' | 'list';
};

export type AmazonResource = keyof AmazonMap;

/** `resource.operation`, the router's switch key. */
export type AmazonOperationKey = {
	[R in AmazonResource]: `${R}.${AmazonMap[R]}`;
}[AmazonResource];
