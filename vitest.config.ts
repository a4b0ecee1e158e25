import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// `VITEST_JSON` makes .ci/run able to total the counts of several runs.
const reporters = process.env.VITEST_JSON
	? ['default', ['json', { outputFile: process.env.VITEST_JSON }] as const]
	: ['default'];

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		reporters: reporters as never,
		// Vitest's default is one worker fewer than the cores: one on a two-core machine. Integration
		// files mostly wait for their server processes, so three at once finish sooner; browser files
		// stay one at a time (fileParallelism below).
		maxWorkers: 3,
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: [
						'src/**/*.spec.ts',
						'db/**/*.spec.ts',
						'realtime/**/*.spec.ts',
						'scripts/**/*.spec.ts'
					],
					globalSetup: ['tests/helpers/unit-setup.ts'],
					testTimeout: 20_000,
					// Opening a PGlite per file takes seconds when many files start at once.
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/helpers/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 90_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.e2e.ts'],
					globalSetup: ['tests/helpers/global-setup.ts', 'tests/helpers/chromium-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 90_000,
					fileParallelism: false
				}
			}
		]
	}
});
