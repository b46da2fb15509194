/**
 * Workflows "imported into the instance": what an Execute Workflow node finds by id when the run's
 * own `workflows` option does not name it (the returns templates register themselves here, as
 * `n8n import:workflow` would). A module of its own, free of n8n-core, so that loading the
 * templates (templateFiles.ts) does not load the execution engine.
 */
import type { WorkflowJson } from './runWorkflow';

const instanceWorkflows = new Map<string, WorkflowJson & { id?: string }>();

export function registerInstanceWorkflows(workflows: Array<WorkflowJson & { id?: string }>): void {
	for (const workflow of workflows) if (workflow.id) instanceWorkflows.set(workflow.id, workflow);
}

export function instanceWorkflow(id: string): (WorkflowJson & { id?: string }) | undefined {
	return instanceWorkflows.get(id);
}
