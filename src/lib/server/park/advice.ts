/**
 * One entrance for advice: a request is routed by topic and municipality to an adviser group,
 * assigned, answered and closed, with a response target in working days. Every function that
 * depends on the time takes `now`, so tests run on a controlled clock.
 */
export {
	TARGET_WORKING_DAYS,
	SUBJECT_MAX,
	BODY_MAX,
	ATTACHMENT_MAX_BYTES,
	ATTACHMENTS_MAX,
	isTopic,
	isStatus,
	adviceStatuses,
	adviceTopics
} from './advice-shared';
export {
	type RoutingRule,
	pickRoute,
	route,
	groups,
	rules,
	setRule,
	deleteRule,
	createGroup,
	addMember,
	removeMember
} from './advice-routing';
export {
	type Attachment,
	type NewRequest,
	type Context,
	validateRequest,
	submit,
	type RequestAccess,
	requestAccess,
	get,
	thread,
	attachments,
	attachment,
	moveLegacyAttachments,
	assignable,
	assign,
	post,
	close
} from './advice-requests';
export { mine, inbox, overdue, type ResponseStats, stats } from './advice-lists';
