/** displayOptions that show a field for some operations of one resource. */
export const show = (resource: string, operation: string[]) => ({
	show: { resource: [resource], operation },
});
