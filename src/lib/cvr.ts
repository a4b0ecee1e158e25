/**
 * Danish CVR numbers (the business register's 8-digit company number). Pure: the create form can
 * check a number in the browser and the server checks it again.
 *
 * A CVR number is 8 digits, the first not 0, and passes the modulus-11 check: with the weights
 * 2, 7, 6, 5, 4, 3, 2, 1 the weighted digit sum is divisible by 11.
 *
 * Input tolerance: whitespace anywhere is ignored, because people copy numbers written in groups
 * ("12 34 56 78") from letterheads. Nothing else is: no letters, no "DK" VAT prefix, no hyphens.
 */

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/** The number without whitespace; the form that is stored. */
export function normaliseCvr(input: string): string {
	return input.replace(/\s+/g, '');
}

/** Why a CVR number is not valid, or null when it is. */
export function cvrProblem(input: string): 'format' | 'checksum' | null {
	const cvr = normaliseCvr(input);
	if (!/^[1-9]\d{7}$/.test(cvr)) return 'format';
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(cvr[i]) * WEIGHTS[i];
	return sum % 11 === 0 ? null : 'checksum';
}

/** True for a well-formed CVR number with a correct modulus-11 check digit. */
export function isValidCvr(input: string): boolean {
	return cvrProblem(input) === null;
}
