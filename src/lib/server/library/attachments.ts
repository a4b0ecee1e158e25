/**
 * Attachment storage: on disk under DATA_DIR/attachments, or in an S3-compatible bucket when
 * S3_ENDPOINT etc. are set (signed requests with aws4fetch; the storage key is the object key).
 * Type and size are checked before a byte is written.
 */
import { AwsClient } from 'aws4fetch';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { caseAttachments } from '../../../../db/schema';
import { audit } from '../audit';
import { config, type S3Config } from '../config';
import { stripControl } from './validate';
import { baseFilename } from '../download';

export const MAX_ATTACHMENT_MB = 10;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

/** Allowed types by extension; the declared type must agree, and the bytes must look right. */
const TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	odt: 'application/vnd.oasis.opendocument.text',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	csv: 'text/csv',
	txt: 'text/plain'
};

function magicOk(ext: string, bytes: Uint8Array): boolean {
	const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
	switch (ext) {
		case 'pdf':
			return starts(0x25, 0x50, 0x44, 0x46);
		case 'png':
			return starts(0x89, 0x50, 0x4e, 0x47);
		case 'jpg':
		case 'jpeg':
			return starts(0xff, 0xd8, 0xff);
		case 'docx':
		case 'xlsx':
		case 'pptx':
		case 'odt':
			return starts(0x50, 0x4b, 0x03, 0x04);
		default:
			// Text: no NUL bytes in the first kilobyte.
			return !bytes.subarray(0, 1024).includes(0);
	}
}

export type AttachCheck =
	| { ok: true; ext: string; contentType: string }
	| { ok: false; code: 'missing' | 'too_big' | 'type' };

export function checkFile(name: string, size: number, head: Uint8Array): AttachCheck {
	if (!name || size === 0) return { ok: false, code: 'missing' };
	if (size > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_big' };
	const ext = name.toLowerCase().split('.').pop() ?? '';
	const contentType = TYPES[ext];
	if (!contentType || !magicOk(ext, head)) return { ok: false, code: 'type' };
	return { ok: true, ext, contentType };
}

function root(): string {
	return resolve(config().dataDir, 'attachments');
}

interface Store {
	put(key: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void>;
	get(key: string): Promise<Uint8Array<ArrayBuffer>>;
	/** Removes the object; one already gone counts as removed. */
	remove(key: string): Promise<void>;
}

const disk: Store = {
	async put(key, bytes) {
		const path = join(root(), key);
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, bytes);
	},
	async get(key) {
		return new Uint8Array(await readFile(join(root(), key)));
	},
	async remove(key) {
		await rm(join(root(), key), { force: true });
	}
};

/** Path-style object URLs (works with MinIO, Ceph, Garage and AWS alike). */
function s3Store(s3: S3Config): Store {
	const client = new AwsClient({
		accessKeyId: s3.accessKeyId,
		secretAccessKey: s3.secretAccessKey,
		region: s3.region,
		service: 's3'
	});
	const objectUrl = (key: string) =>
		`${s3.endpoint}/${s3.bucket}/${key.split(/[\\/]/).map(encodeURIComponent).join('/')}`;
	return {
		async put(key, bytes, contentType) {
			const res = await client.fetch(objectUrl(key), {
				method: 'PUT',
				body: bytes,
				headers: { 'content-type': contentType, 'content-length': String(bytes.length) }
			});
			if (!res.ok) throw new Error(`S3 PUT ${key}: ${res.status}`);
		},
		async get(key) {
			const res = await client.fetch(objectUrl(key));
			if (!res.ok) throw new Error(`S3 GET ${key}: ${res.status}`);
			return new Uint8Array(await res.arrayBuffer());
		},
		async remove(key) {
			const res = await client.fetch(objectUrl(key), { method: 'DELETE' });
			if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${key}: ${res.status}`);
		}
	};
}

let s3Cached: { config: S3Config; store: Store } | undefined;
function store(): Store {
	const s3 = config().s3;
	if (!s3) return disk;
	if (s3Cached?.config !== s3) s3Cached = { config: s3, store: s3Store(s3) };
	return s3Cached.store;
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function safeFilename(name: string): string {
	return baseFilename(stripControl(name));
}

export type StoredFile =
	| { ok: true; key: string; ext: string; contentType: string; size: number; filename: string }
	| { ok: false; code: 'missing' | 'too_big' | 'type' };

/**
 * Checks a file and writes its bytes under `<folder>/<random>.<ext>`; other domains (meeting papers)
 * keep their own rows and use the same checks, limits and storage.
 */
export async function storeFile(folder: string, file: File): Promise<StoredFile> {
	if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_big' };
	return storeBytes(folder, file.name, new Uint8Array(await file.arrayBuffer()));
}

/** `storeFile` for bytes already in memory. */
export async function storeBytes(
	folder: string,
	name: string,
	bytes: Uint8Array<ArrayBuffer>
): Promise<StoredFile> {
	const check = checkFile(name, bytes.length, bytes);
	if (!check.ok) return check;
	const key = `${folder}/${randomUUID()}.${check.ext}`;
	await store().put(key, bytes, check.contentType);
	return { ...check, key, size: bytes.length, filename: safeFilename(name) };
}

/** The bytes stored under a key. */
export function loadFile(key: string): Promise<Uint8Array<ArrayBuffer>> {
	return store().get(key);
}

export function deleteFile(key: string): Promise<void> {
	return store().remove(key);
}

/** The content type of a stored key, from its extension (keys always end in a checked one). */
export function contentTypeOf(key: string): string {
	return TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

export async function saveAttachment(
	db: Db,
	caseId: string,
	userId: string,
	file: File
): Promise<AttachCheck & { id?: string }> {
	const stored = await storeFile(`cases/${caseId}`, file);
	if (!stored.ok) return stored;
	const [row] = await db
		.insert(caseAttachments)
		.values({
			caseId,
			filename: stored.filename,
			contentType: stored.contentType,
			size: stored.size,
			storageKey: stored.key,
			uploadedBy: userId
		})
		.returning({ id: caseAttachments.id });
	return { ok: true, ext: stored.ext, contentType: stored.contentType, id: row.id };
}

export async function readAttachment(db: Db, caseId: string, id: string) {
	const [row] = await db
		.select()
		.from(caseAttachments)
		.where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.id, id)));
	if (!row) return null;
	const bytes = await store().get(row.storageKey);
	return { row, bytes };
}

/**
 * Removes an attachment: the row and its audit entry in one transaction, then the stored bytes
 * (in that order, so a failed storage call leaves an unreferenced file, never a dangling row).
 * Returns the removed file's name, or null when the entry has no such attachment.
 */
export async function removeAttachment(
	db: Db,
	entry: { id: string; organisationId: string },
	id: string,
	actorId: string
): Promise<string | null> {
	const removed = await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(caseAttachments)
			.where(and(eq(caseAttachments.caseId, entry.id), eq(caseAttachments.id, id)))
			.returning();
		if (!row) return null;
		await audit(tx, {
			actorId,
			action: 'library.attachment_removed',
			targetType: 'case',
			targetId: entry.id,
			organisationId: entry.organisationId,
			details: { attachment: row.id, filename: row.filename, size: row.size }
		});
		return row;
	});
	if (!removed) return null;
	await store().remove(removed.storageKey);
	return removed.filename;
}
