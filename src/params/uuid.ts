import type { ParamMatcher } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';

/** `[id=uuid]`: a malformed id is a 404 before any load, action or query runs. */
export const match: ParamMatcher = (param) => isUuid(param);
