/**
 * Which shipment lines a return takes its units from. Each SKU's quantity is taken from the
 * order's shipment lines with that SKU, oldest shipment first, never more than shipped minus
 * already returned. Pure: the caller reports failures with the item index.
 */

export interface ShipmentLineView {
	shipmentId: number;
	lineId: number;
	sku: string;
	ean: string;
	quantity: number;
	returnedQuantity: number;
}

export interface WantedLine {
	sku: string;
	quantity: number;
}

export interface AllocatedLine {
	shipmentId: number;
	lineId: number;
	sku: string;
	quantity: number;
}

export class ReturnLineError extends Error {
	constructor(
		message: string,
		readonly sku: string,
	) {
		super(message);
		this.name = 'ReturnLineError';
	}
}

export function allocateReturnLines(
	wanted: WantedLine[],
	lines: ShipmentLineView[],
): AllocatedLine[] {
	const remaining = new Map(
		lines.map((line) => [line.lineId, line.quantity - line.returnedQuantity]),
	);
	const allocated: AllocatedLine[] = [];
	for (const want of wanted) {
		if (!Number.isInteger(want.quantity) || want.quantity < 1)
			throw new ReturnLineError(
				`Quantity for SKU ${want.sku} must be a whole number of at least 1, got ${want.quantity}`,
				want.sku,
			);
		const key = want.sku.trim().toUpperCase();
		const candidates = lines.filter(
			(line) => line.sku.toUpperCase() === key || (line.ean !== '' && line.ean === want.sku.trim()),
		);
		if (candidates.length === 0)
			throw new ReturnLineError(`SKU ${want.sku} is not on any shipment of this order`, want.sku);
		let needed = want.quantity;
		for (const line of candidates) {
			const free = remaining.get(line.lineId) ?? 0;
			const take = Math.min(free, needed);
			if (take <= 0) continue;
			remaining.set(line.lineId, free - take);
			const existing = allocated.find((a) => a.lineId === line.lineId);
			if (existing) existing.quantity += take;
			else
				allocated.push({
					shipmentId: line.shipmentId,
					lineId: line.lineId,
					sku: line.sku,
					quantity: take,
				});
			needed -= take;
		}
		if (needed > 0) {
			const returnable = candidates.reduce(
				(sum, line) => sum + line.quantity - line.returnedQuantity,
				0,
			);
			throw new ReturnLineError(
				`Cannot return ${want.quantity} of SKU ${want.sku}: only ${returnable} shipped and not yet returned`,
				want.sku,
			);
		}
	}
	return allocated;
}
