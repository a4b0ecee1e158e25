/** Advice: the topics, limits, statuses and actor types the other advice modules share. */
import {
	adviceStatuses,
	adviceTopics,
	type AdviceStatus,
	type AdviceTopic
} from '../../../../db/schema';

export { adviceStatuses, adviceTopics };

/** The response target: an answer within this many working days. */
export const TARGET_WORKING_DAYS = 5;
export const SUBJECT_MAX = 160;
export const BODY_MAX = 5000;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_MAX = 5;

export const isTopic = (v: string): v is AdviceTopic =>
	(adviceTopics as readonly string[]).includes(v);
export const isStatus = (v: string): v is AdviceStatus =>
	(adviceStatuses as readonly string[]).includes(v);

export type Fail = { ok: false; code: string; errors?: Record<string, string> };
export type Ok<T> = { ok: true; value: T };
