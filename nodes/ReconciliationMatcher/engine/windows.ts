/**
 * The one rule for every window: a window is time allowed. "May wait N days" means an age of
 * exactly N days is still inside it; only an age greater than the window is overdue. Month-end
 * runs at midnight and date-only inputs land exactly on the limit, and raise nothing there.
 */
export function pastWindow(asOf: number, clockAt: number, windowMs: number): boolean {
	return asOf - clockAt > windowMs;
}
