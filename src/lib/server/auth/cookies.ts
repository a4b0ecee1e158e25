import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

/** HttpOnly, SameSite=Lax, Secure whenever the site is served over https (always in production). */
export function setSessionCookie(event: CookieEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

export function deleteSessionCookie(event: CookieEvent): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
}
