/**
 * A small HTTP client that keeps cookies like a browser and posts forms as a browser without
 * JavaScript does (so SvelteKit's CSRF check sees a same-origin request).
 */
export class Client {
	readonly cookies = new Map<string, string>();

	constructor(readonly base: string) {}

	private store(response: Response): void {
		for (const header of response.headers.getSetCookie()) {
			const [pair, ...attrs] = header.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attrs.some(
				(a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a)
			);
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	private headers(extra: Record<string, string> = {}): Record<string, string> {
		const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		return { ...(cookie ? { cookie } : {}), origin: this.base, ...extra };
	}

	async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
		const response = await fetch(new URL(path, this.base), {
			headers: this.headers(headers),
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}

	/** GET, following redirects (as a browser would), returning the final response. */
	async follow(path: string): Promise<Response> {
		let response = await this.get(path);
		for (let i = 0; i < 5 && response.status >= 300 && response.status < 400; i++) {
			response = await this.get(response.headers.get('location')!);
		}
		return response;
	}

	/**
	 * Posts a form asking for HTML, as a browser does (SvelteKit answers form actions with JSON and
	 * status 200 to a client that prefers JSON or accepts anything).
	 */
	async post(
		path: string,
		form: Record<string, string>,
		headers: Record<string, string> = {}
	): Promise<Response> {
		const response = await fetch(new URL(path, this.base), {
			method: 'POST',
			headers: this.headers({
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				...headers
			}),
			body: new URLSearchParams(form).toString(),
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}

	/** Posts multipart form data (files included) asking for HTML, as a browser does. */
	async postMultipart(path: string, form: FormData): Promise<Response> {
		const response = await fetch(new URL(path, this.base), {
			method: 'POST',
			headers: this.headers({ accept: 'text/html' }),
			body: form,
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}

	async json(method: string, path: string, body?: unknown): Promise<Response> {
		const response = await fetch(new URL(path, this.base), {
			method,
			headers: this.headers({ 'content-type': 'application/json', accept: 'application/json' }),
			body: body === undefined ? undefined : JSON.stringify(body),
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}

	async signIn(email: string, password: string): Promise<Response> {
		const response = await this.post('/login', { email, password });
		if (response.status !== 303) {
			throw new Error(`sign-in as ${email} failed with ${response.status}`);
		}
		return response;
	}
}
