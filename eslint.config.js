import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'build-*/',
			'.svelte-kit/',
			'.svelte-kit-*/',
			'data/',
			'node_modules/',
			'src/lib/paraglide/',
			'db/migrations/',
			'bench/out/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// Links go through Paraglide's localizeHref, which already yields the final path.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// One id check: isUuid from src/lib/uuid.ts (through core on the server), and the
			// [id=uuid] route matcher. Hand-written uuid patterns drifted (ten of them, some letting
			// 36 dashes through to a database error).
			'no-restricted-syntax': [
				'error',
				{
					selector: 'Literal[regex.pattern=/0-9a-f(-\\]\\{36|\\]\\{8)/i]',
					message: 'Use isUuid from $lib/server/core (or $lib/uuid in the browser).'
				}
			]
		}
	},
	{
		files: ['src/lib/uuid.ts', '**/*.spec.ts', 'tests/**'],
		rules: { 'no-restricted-syntax': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// db/ is server-only: the browser bundle must never import it. Server modules reach it
		// through src/lib/server/**.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: [
			'src/lib/server/**',
			'src/routes/**/+page.server.ts',
			'src/routes/**/+layout.server.ts',
			'src/routes/**/+server.ts',
			'src/hooks.server.ts',
			'src/app.d.ts',
			'src/**/*.spec.ts'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/db/*', '**/db', '$db/*'],
							message: 'db/ is server-only: import it from src/lib/server/** or +*.server.ts'
						}
					]
				}
			]
		}
	},
	{
		// Routes reach data through src/lib/server/<domain>: no tables, no query builder, no
		// realtime/ in a route's server code.
		files: [
			'src/routes/**/+page.server.ts',
			'src/routes/**/+layout.server.ts',
			'src/routes/**/+server.ts',
			'src/hooks.server.ts'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'drizzle-orm',
							message: 'Routes call a domain function in src/lib/server/<domain>.'
						}
					],
					patterns: [
						{
							group: ['**/db', '**/db/*', '**/db/**', '$db/*', '!$lib/server/db'],
							message: 'Routes call a domain function in src/lib/server/<domain>, not db/.'
						},
						{
							group: ['**/realtime', '**/realtime/*', '**/realtime/**'],
							allowTypeImports: true,
							message: 'Routes do not import realtime/.'
						}
					]
				}
			]
		}
	},
	{
		// Domains never import realtime/: live effects go through `after` and core/emit.ts (the
		// typed event bus); realtime/ imports domains, not the reverse. Types may be shared.
		files: ['src/lib/server/**/*.ts'],
		ignores: ['src/lib/server/**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/realtime', '**/realtime/*', '**/realtime/**'],
							allowTypeImports: true,
							message:
								'Domains do not import realtime/: queue the effect on `after` or emit through core/emit.ts.'
						}
					]
				}
			]
		}
	},
	{
		// db/ is the bottom layer: schema, migrations and the client. It never imports the app;
		// seed data that needs app code lives in scripts/seed/.
		files: ['db/**/*.ts'],
		ignores: ['db/**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/src', '**/src/**', '$lib', '$lib/**', '**/realtime/**', '**/scripts/**'],
							message: 'db/ never imports the app (src/, realtime/, scripts/).'
						}
					]
				}
			]
		}
	},
	{
		// Layers (README, "The house way"): routes → src/lib/server/<domain> → core → db/. No import
		// cycles anywhere; checked on TypeScript modules (Svelte components are leaves).
		files: ['**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/extensions': ['.ts', '.js'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })]
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	}
);
