/**
 * Organisations and their members: creation with admin approval, join requests decided by the
 * organisation's admins, roles, leaving. Functions return outcome codes; routes turn them into
 * messages in the user's language. Every change is audited in the transaction that makes it, and
 * the module checks the actor's right itself, so a route that forgot its guard still cannot write.
 * Free of SvelteKit imports: scripts and the realtime server may use it too.
 */
export {
	type Actor,
	type Context,
	NAME_MAX,
	DESCRIPTION_MAX,
	WEBSITE_MAX,
	MESSAGE_MAX,
	PAGE_SIZE,
	isKind,
	isRole,
	organisationKinds,
	membershipRoles
} from './shared';
export {
	listMunicipalities,
	type ListFilter,
	list,
	mine,
	getBySlug,
	type Organisation,
	type Access,
	access,
	members,
	joinRequests,
	pendingOrganisations
} from './reading';
export {
	type CreateInput,
	type CreateField,
	type CreateCode,
	type CreateResult,
	CONFLICT_CODES,
	normaliseWebsite,
	create
} from './creating';
export { type Outcome, decideOrganisation } from './approval';
export { requestJoin, decideJoin, changeRole, removeMember, leave } from './memberships';
export { orgAdminIds } from './notices';
