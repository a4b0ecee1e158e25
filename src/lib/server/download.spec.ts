import { describe, expect, it } from 'vitest';
import { baseFilename, contentDisposition } from './download';

describe('baseFilename', () => {
	it.each([
		['../../etc/passwd', 'passwd'],
		['C:\\Users\\x\\rapport.pdf', 'rapport.pdf'],
		['a\r\nSet-Cookie: x=1.txt', 'aSet-Cookie: x=1.txt'],
		['evil\u202Efdp.exe', 'evilfdp.exe'],
		['..', 'file'],
		['.htaccess', 'htaccess'],
		['', 'file'],
		['dir/', 'file']
	])('%j → %j', (input, expected) => {
		expect(baseFilename(input)).toBe(expected);
	});
});

describe('contentDisposition', () => {
	it('sends an ASCII fallback and the exact UTF-8 name', () => {
		expect(contentDisposition('Årsrapport "2024".pdf')).toBe(
			`attachment; filename="A_rsrapport _2024_.pdf"; filename*=UTF-8''%C3%85rsrapport%20%222024%22.pdf`
		);
	});

	it('never lets a line break or a path through', () => {
		const header = contentDisposition('../x\r\ny.txt');
		expect(header).not.toMatch(/[\r\n]/);
		expect(header).toBe(`attachment; filename="xy.txt"; filename*=UTF-8''xy.txt`);
	});

	it('encodes the characters RFC 5987 reserves', () => {
		expect(contentDisposition("it's (1)*.txt")).toContain(
			"filename*=UTF-8''it%27s%20%281%29%2A.txt"
		);
	});
});
