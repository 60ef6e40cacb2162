import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('the README has the two commands a newcomer needs', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
});
