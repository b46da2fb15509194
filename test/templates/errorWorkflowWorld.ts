/**
 * What n8n hands template 09 (the error workflow) when an execution fails, shared by the Data Table
 * tests and the Postgres variant's: a called workflow's failure, its caller's report of the same
 * incident, and another incident.
 */

/** 02 failed, called by 01. */
export const childFailure = {
	execution: {
		id: '4711',
		url: 'http://n8n/execution/4711',
		lastNodeExecuted: 'Create credit note',
		mode: 'integrated',
		error: { message: 'Centra Create Return refused: Cannot return 2 of SKU TEE-M' },
	},
	workflow: { id: 'rrDropOff0000002', name: '02 Return Bar drop-off (first scan)' },
};

/** What n8n hands the caller's error workflow: the called execution's id comes with the error. */
export const parentFailure = {
	execution: {
		id: '4710',
		url: 'http://n8n/execution/4710',
		lastNodeExecuted: 'Return Bar drop-off',
		mode: 'webhook',
		error: {
			message: 'Centra Create Return refused: Cannot return 2 of SKU TEE-M',
			executionId: '4711',
			workflowId: 'rrDropOff0000002',
		},
	},
	workflow: { id: 'rrIntake00000001', name: '01 Happy Returns event intake' },
};

/** Another failed execution of 02: another incident. */
export const otherFailure = {
	...childFailure,
	execution: { ...childFailure.execution, id: '4712', url: 'http://n8n/execution/4712' },
};
