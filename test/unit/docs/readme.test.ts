import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('the README has the two commands a newcomer needs', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
});

test('the README stays a front page: at most 12 KB, details in docs/', () => {
  expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(12 * 1024);
});
