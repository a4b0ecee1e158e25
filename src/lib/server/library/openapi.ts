/** OpenAPI 3.1 description of the library API, served at /api/v1/openapi.json. */
const kind = { type: 'string', enum: ['case', 'method_note', 'meeting_minutes'] };
const listParams = [
	{
		name: 'q',
		in: 'query',
		description: 'Free text (Danish stemming; treated as plain words)',
		schema: { type: 'string', maxLength: 200 }
	},
	{
		name: 'municipality',
		in: 'query',
		description: 'Three-digit municipality code; repeat or comma-separate for several',
		schema: { type: 'string', pattern: '^\\d{3}$' }
	},
	{
		name: 'region',
		in: 'query',
		description: 'Four-digit region code',
		schema: { type: 'string' }
	},
	{
		name: 'theme',
		in: 'query',
		description: 'Theme slug, e.g. fleksjob',
		schema: { type: 'string' }
	},
	{
		name: 'target',
		in: 'query',
		description: 'Target-group slug, e.g. unge',
		schema: { type: 'string' }
	},
	{
		name: 'partner_kind',
		in: 'query',
		description: 'Kind of partner organisation',
		schema: { type: 'string' }
	},
	{ name: 'kind', in: 'query', schema: kind },
	{ name: 'year', in: 'query', schema: { type: 'integer' } },
	{ name: 'sort', in: 'query', schema: { type: 'string', enum: ['relevance', 'date'] } },
	{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
	{
		name: 'per_page',
		in: 'query',
		schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 }
	}
];
const error = {
	description: 'Invalid input',
	content: {
		'application/json': {
			schema: {
				type: 'object',
				properties: {
					error: { type: 'string' },
					errors: { type: 'object', additionalProperties: { type: 'string' } }
				}
			}
		}
	}
};
const facetList = {
	type: 'array',
	items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } }
};
const impact = {
	type: 'object',
	description: 'Impact figures; null where the entry gives none',
	properties: {
		jobsCreated: { type: ['integer', 'null'], minimum: 0 },
		flexJobs: { type: ['integer', 'null'], minimum: 0 },
		peopleInTraining: { type: ['integer', 'null'], minimum: 0 },
		peopleInRessourceforloeb: { type: ['integer', 'null'], minimum: 0 },
		sroiRatio: {
			type: ['number', 'null'],
			exclusiveMinimum: 0,
			description: 'n of the SROI ratio 1:n'
		}
	}
};
const listItem = {
	type: 'object',
	properties: {
		id: { type: 'string', format: 'uuid' },
		kind,
		title: { type: 'string' },
		summary: { type: 'string' },
		organisation: { type: 'string', description: 'Name of the owning organisation' },
		municipalities: {
			type: 'array',
			items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } }
		},
		themes: { type: 'array', items: { type: 'string' } },
		year: { type: ['integer', 'null'] },
		period: {
			type: 'object',
			properties: {
				start: { type: ['string', 'null'], format: 'date' },
				end: { type: ['string', 'null'], format: 'date' }
			}
		},
		impact: { $ref: '#/components/schemas/Impact' },
		partners: {
			type: 'array',
			items: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' } } }
		},
		publishedAt: { type: ['string', 'null'], format: 'date-time' },
		url: { type: 'string', format: 'uri' }
	}
};
const metadata = {
	type: 'object',
	properties: {
		kind,
		title: { type: 'string', minLength: 1, maxLength: 200 },
		summary: { type: 'string', maxLength: 2000 },
		scope: { type: 'string', enum: ['organisation', 'network', 'members', 'public'] },
		periodStart: { type: 'string', format: 'date' },
		periodEnd: { type: 'string', format: 'date' },
		municipalities: { type: 'array', items: { type: 'string' } },
		themes: { type: 'array', items: { type: 'string' } },
		targetGroups: { type: 'array', items: { type: 'string' } },
		networks: { type: 'array', items: { type: 'string', format: 'uuid' } },
		partners: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					name: { type: 'string' },
					role: { type: 'string' },
					organisationId: { type: 'string' },
					description: { type: 'string' }
				}
			}
		},
		jobsCreated: { type: 'integer', minimum: 0 },
		flexJobs: { type: 'integer', minimum: 0 },
		peopleInTraining: { type: 'integer', minimum: 0 },
		peopleInRessourceforloeb: { type: 'integer', minimum: 0 },
		sroiRatio: {
			description: 'n of 1:n, > 0; "1:8" or 8',
			oneOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }]
		},
		indicators: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					label: { type: 'string' },
					value: { type: 'number' },
					unit: { type: 'string' },
					period: { type: 'string' },
					source: { type: 'string' }
				}
			}
		}
	}
};

export const openapi = {
	openapi: '3.1.0',
	info: {
		title: 'Videnscenter library API',
		version: '1.0.0',
		description:
			'Open data from the experience library: published entries shared publicly. Writing needs a signed-in session (cookie) and the same permissions as the pages.'
	},
	servers: [{ url: '/api/v1' }],
	components: {
		securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'session' } },
		schemas: { Metadata: metadata, Impact: impact, ListItem: listItem }
	},
	paths: {
		'/cases': {
			get: {
				summary: 'Search published public entries',
				parameters: listParams,
				responses: {
					'200': {
						description: 'A page of entries with facet counts',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									properties: {
										items: { type: 'array', items: { $ref: '#/components/schemas/ListItem' } },
										total: { type: 'integer' },
										approximate: {
											type: 'boolean',
											description:
												'True for broad queries: total is an estimate and facet counts are scaled from a sample'
										},
										page: { type: 'integer' },
										perPage: { type: 'integer' },
										facets: {
											type: 'object',
											properties: Object.fromEntries(
												[
													'kind',
													'municipality',
													'region',
													'theme',
													'target',
													'partner_kind',
													'year'
												].map((f) => [f, facetList])
											)
										}
									}
								}
							}
						}
					},
					'400': error
				}
			},
			post: {
				summary: 'Create a draft owned by your organisation',
				security: [{ session: [] }],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['kind', 'title'],
								properties: {
									kind,
									title: { type: 'string' },
									summary: { type: 'string' },
									organisationId: { type: 'string', format: 'uuid' }
								}
							}
						}
					}
				},
				responses: {
					'201': { description: 'Created: { id, status, kind, title, organisationId }' },
					'400': error,
					'401': error,
					'403': error,
					'422': error
				}
			}
		},
		'/cases/{id}': {
			parameters: [
				{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
			],
			get: {
				summary: 'One entry (public; authors and editors also see their unpublished entries)',
				responses: {
					'200': { description: 'The entry with partners, period and impact figures' },
					'404': error
				}
			},
			patch: {
				summary: 'Change metadata; fields not sent keep their values',
				security: [{ session: [] }],
				requestBody: {
					content: { 'application/json': { schema: { $ref: '#/components/schemas/Metadata' } } }
				},
				responses: {
					'200': { description: 'The updated entry' },
					'400': error,
					'401': error,
					'403': error,
					'404': error,
					'422': error
				}
			}
		},
		'/cases.csv': {
			get: {
				summary: 'The same list as CSV',
				description:
					'Columns: id, kind, title, summary, organisation, municipality_codes, municipalities, themes, year, jobs_created, flex_jobs, people_in_training, people_in_ressourceforloeb, sroi_ratio (1:n), partners (names separated by "; "), published_at, url',
				parameters: listParams,
				responses: { '200': { description: 'CSV', content: { 'text/csv': {} } }, '400': error }
			}
		},
		'/cases.atom': {
			get: {
				summary: 'Atom feed of newly published public entries',
				responses: { '200': { description: 'Atom', content: { 'application/atom+xml': {} } } }
			}
		}
	}
} as const;
