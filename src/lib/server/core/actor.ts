/** Who acts: the signed-in user as a domain function needs it (routes build it from `locals.user`). */
export interface Actor {
	id: string;
	/** The platform role: a platform admin may act on everything. */
	role: 'user' | 'admin';
	name?: string;
}

/** An actor whose name the domain writes into texts for others (notifications, messages). */
export type NamedActor = Actor & { name: string };

/** Where an action comes from: the actor, the site origin for links in e-mails, the IP for audit. */
export interface Context<A extends Actor = Actor> {
	actor: A;
	origin?: string;
	ip?: string | null;
}
