// n8n-core keeps an encryption key in $N8N_USER_FOLDER/.n8n/config; give every test run its own
// throw-away folder so a stale key from elsewhere cannot break executions.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.N8N_USER_FOLDER_FIXED) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'harness-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
