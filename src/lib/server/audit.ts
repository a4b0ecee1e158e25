import type { Db } from '../../../db/client';
import { auditLog } from '../../../db/schema';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	targetType: string;
	targetId?: string | null;
	organisationId?: string | null;
	ip?: string | null;
	details?: Record<string, unknown>;
}

/** Records who changed what. Call inside the same transaction as the change where there is one. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditLog).values({
		actorId: entry.actorId,
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId ?? null,
		organisationId: entry.organisationId ?? null,
		ip: entry.ip ?? null,
		details: entry.details ?? {}
	});
}
