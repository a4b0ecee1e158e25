/**
 * The mentor directory and mentorships: profiles, search and matching, the request life cycle
 * (pending → accepted | declined | withdrawn | expired; accepted → completed | ended), the
 * conversation, the session log and feedback. Functions check the actor's right themselves and
 * return outcome codes; routes turn codes into messages. Free of SvelteKit imports: the realtime
 * server and the scheduled job use it too.
 */
export {
	type Actor,
	type Context,
	type Outcome,
	LIMITS,
	MAX_CAPACITY,
	EXPIRE_AFTER_DAYS,
	REMIND_AFTER_DAYS,
	MENTOR_ORG_KINDS
} from './shared';
export {
	type PublicProfile,
	getProfile,
	profileIdOf,
	ownProfile,
	contactFor,
	openRequestId,
	eligibleOrganisations,
	type ProfileInput,
	type ProfileField,
	type ProfileCode,
	saveProfile
} from './profiles';
export { type SearchFilter, type SearchResult, search, regions, reasonText } from './search';
export {
	type RequestInput,
	type RequestCode,
	createRequest,
	type Role,
	getMentorship,
	type ActCode,
	respond,
	withdraw,
	finish,
	listMine
} from './requests';
export {
	messages,
	pairRole,
	type PairCode,
	postMessage,
	sessionLog,
	type SessionInput,
	type SessionField,
	logSession,
	type FeedbackInput,
	type FeedbackCode,
	leaveFeedback,
	feedbackFor
} from './conversation';
export { expireAndRemind } from './expiry';
