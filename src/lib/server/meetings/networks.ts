/**
 * Networks as meetings see them: coordinators plan and chair meetings; people (or an org admin for
 * their organisation) ask to join and a coordinator decides. Members are people or organisations;
 * the active members of a member organisation count as members. Coordinators are always people,
 * and a network never loses its last one. The networks and network_members tables belong to the
 * library schema.
 */
export {
	coordinatedNetworkIds,
	isCoordinator,
	mayChair,
	plannableNetworks,
	mayCreate,
	listNetworks,
	membershipOf,
	isNetworkMember
} from './network-rights';
export { type JoinResult, adminOrganisations, requestJoin, pendingRequests } from './network-joins';
export {
	mayManage,
	getNetwork,
	networkRoster,
	organisationsOutside,
	type ManageError,
	type ManageResult,
	addPerson,
	addOrganisation,
	removeMember,
	setMemberRole,
	decideJoin
} from './network-members';
