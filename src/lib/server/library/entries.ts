/**
 * Library entries: create, change metadata and body, read with everything attached, and the
 * review workflow. Each change is one transaction with its revision and audit row.
 */
export {
	loadKnown,
	type CreateInput,
	type Result,
	createDraft,
	insertSeeded,
	setBody,
	refreshBody,
	updateMetadata
} from './write';
export { type Entry, getEntry, rawOf, drafts, reviewQueue } from './read';
export { transitions, type Transition, type TransitionOutcome, transition } from './workflow';
