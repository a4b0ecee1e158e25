import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import { adviceAttachments, adviceRequests, users } from '../../../../db/schema';
import { attachment, attachments, moveLegacyAttachments, submit } from './advice';

const PDF = new TextEncoder().encode('%PDF-1.4\n%fake but well-formed head\n');

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let dataDir: string;
let requesterId: string;

beforeAll(async () => {
	// The file store lives under DATA_DIR; config is read on first use, after this.
	dataDir = await mkdtemp(join(tmpdir(), 'advice-files-'));
	process.env.DATA_DIR = dataDir;
	handle = await testDb();
	db = handle.db;
	const [user] = await db
		.insert(users)
		.values({ email: 'stifter@advice.test', name: 'Stine Stifter' })
		.returning();
	requesterId = user.id;
});
afterAll(async () => {
	await handle?.drop();
	await rm(dataDir, { recursive: true, force: true });
});

const actor = () => ({ actor: { id: requesterId, role: 'user' as const } });
const request = (files: { filename: string; data: Uint8Array<ArrayBuffer> }[]) => ({
	topic: 'employment',
	municipalityCode: '',
	subject: 'Fleksjob',
	description: 'Hvordan?',
	attachments: files.map((f) => ({ ...f, contentType: 'application/pdf' }))
});

async function storedFiles(): Promise<string[]> {
	return readdir(join(dataDir, 'attachments', 'advice')).catch(() => []);
}

describe('advice attachments', () => {
	it('keeps new files in the file store, not in the database, under a clean name', async () => {
		const result = await submit(db, actor(), request([{ filename: '../../plan.pdf', data: PDF }]));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const [row] = await db
			.select()
			.from(adviceAttachments)
			.where(eq(adviceAttachments.requestId, result.value.id));
		expect(row.data).toBeNull();
		expect(row.storageKey).toMatch(/^advice\/[0-9a-f-]{36}\.pdf$/);
		expect(row.filename).toBe('plan.pdf');
		const file = await attachment(db, result.value.id, row.id);
		expect(Buffer.from(file!.bytes).equals(Buffer.from(PDF))).toBe(true);
		expect(file!.contentType).toBe('application/pdf');
	});

	it('refuses a file whose bytes do not match its type, and stores nothing', async () => {
		const before = (await storedFiles()).length;
		const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
		const result = await submit(
			db,
			actor(),
			request([
				{ filename: 'ok.pdf', data: PDF },
				{ filename: 'rapport.pdf', data: exe }
			])
		);
		expect(result).toMatchObject({ ok: false, errors: { attachments: 'file_type' } });
		expect((await storedFiles()).length).toBe(before);
	});

	it('moves a file stored the old way to the file store on first read', async () => {
		const [req] = await db
			.insert(adviceRequests)
			.values({
				requesterId,
				topic: 'employment',
				subject: 'Gammel',
				description: 'Fra før',
				dueAt: new Date()
			})
			.returning();
		const [legacy] = await db
			.insert(adviceAttachments)
			.values({
				requestId: req.id,
				filename: 'gammel.pdf',
				contentType: 'application/pdf',
				size: PDF.length,
				data: PDF
			})
			.returning();
		expect((await attachments(db, req.id)).map((a) => a.filename)).toEqual(['gammel.pdf']);
		const file = await attachment(db, req.id, legacy.id);
		expect(Buffer.from(file!.bytes).equals(Buffer.from(PDF))).toBe(true);
		const [after] = await db
			.select()
			.from(adviceAttachments)
			.where(eq(adviceAttachments.id, legacy.id));
		expect(after.data).toBeNull();
		expect(after.storageKey).toMatch(/^advice\//);
		// Read again: from the store this time.
		const again = await attachment(db, req.id, legacy.id);
		expect(Buffer.from(again!.bytes).equals(Buffer.from(PDF))).toBe(true);
	});

	it('moves all remaining legacy files in one sweep', async () => {
		const [req] = await db
			.insert(adviceRequests)
			.values({
				requesterId,
				topic: 'employment',
				subject: 'S',
				description: 'D',
				dueAt: new Date()
			})
			.returning();
		await db.insert(adviceAttachments).values(
			['a.pdf', 'b.pdf'].map((filename) => ({
				requestId: req.id,
				filename,
				contentType: 'application/pdf',
				size: PDF.length,
				data: PDF
			}))
		);
		expect(await moveLegacyAttachments(db)).toBe(2);
		expect(await moveLegacyAttachments(db)).toBe(0);
	});
});
