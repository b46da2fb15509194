/**
 * The exception checks, one module per exception type, in catalogue order. This list is the
 * exception catalogue: the engine runs these checks, and the node and the generated docs read
 * their entries.
 */
import type { ExceptionCheck } from './check';
import { duplicateRefund } from './duplicateRefund';
import { inventoryDrift } from './inventoryDrift';
import { lostInTransit } from './lostInTransit';
import { missingMerchantOrderId } from './missingMerchantOrderId';
import { missingStockMovement } from './missingStockMovement';
import { orphanedRefund } from './orphanedRefund';
import { receivedNotOnManifest } from './receivedNotOnManifest';
import { refundedNeverReturned } from './refundedNeverReturned';
import { refundValueMismatch } from './refundValueMismatch';
import { returnedNeverRefunded } from './returnedNeverRefunded';
import { scanWithoutOrder } from './scanWithoutOrder';
import { unmappedDisposition } from './unmappedDisposition';

export const CHECKS: readonly ExceptionCheck[] = [
	orphanedRefund,
	refundedNeverReturned,
	duplicateRefund,
	lostInTransit,
	receivedNotOnManifest,
	scanWithoutOrder,
	missingMerchantOrderId,
	missingStockMovement,
	refundValueMismatch,
	unmappedDisposition,
	inventoryDrift,
	returnedNeverRefunded,
];
