import { and, asc, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { emailOutbox } from '../../../db/schema';
import { log } from './log';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	kind: string;
}

/**
 * Every mail goes to the outbox table first, in the caller's transaction, so a mail is never sent
 * for a change that rolled back. With SMTP_URL set, the sender delivers the outbox; without it the
 * outbox is the dev mailbox, readable by admins at /admin/outbox.
 */
export async function enqueueMail(db: Db, mail: Mail): Promise<void> {
	await db.insert(emailOutbox).values(mail);
}

/** The dev mailbox: the newest mails the platform queued. */
export async function recentMails(db: Db, limit = 200) {
	return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}

const MAX_ATTEMPTS = 5;

/** Sends pending outbox mails over SMTP. Returns how many were sent. */
export async function deliverOutbox(db: Db, smtpUrl: string, from: string): Promise<number> {
	const { createTransport } = await import('nodemailer');
	const transport = createTransport(smtpUrl);
	const pending = await db
		.select()
		.from(emailOutbox)
		.where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS)))
		.orderBy(asc(emailOutbox.createdAt))
		.limit(50);
	let sent = 0;
	for (const mail of pending) {
		try {
			await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
			await db
				.update(emailOutbox)
				.set({ sentAt: new Date(), attempts: mail.attempts + 1, lastError: null })
				.where(eq(emailOutbox.id, mail.id));
			sent++;
		} catch (err) {
			log.warn({ err, mailId: mail.id }, 'mail delivery failed');
			await db
				.update(emailOutbox)
				.set({ attempts: mail.attempts + 1, lastError: String(err).slice(0, 500) })
				.where(eq(emailOutbox.id, mail.id));
		}
	}
	transport.close();
	return sent;
}

/** Starts delivering the outbox every few seconds; returns a function that stops it. */
export function startMailer(getDb: () => Promise<Db>, smtpUrl: string, from: string): () => void {
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		try {
			await deliverOutbox(await getDb(), smtpUrl, from);
		} catch (err) {
			log.error({ err }, 'mailer failed');
		} finally {
			running = false;
		}
	}, 5000);
	timer.unref();
	return () => clearInterval(timer);
}
