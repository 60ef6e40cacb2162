import { existsSync } from 'node:fs';
import path from 'node:path';

/** fixtures/test-config.yaml, from test/<dir> or its compiled copy in dist/test/<dir>. */
export const FIXTURE_CONFIG =
  [
    path.join(__dirname, '..', '..', 'fixtures', 'test-config.yaml'),
    path.join(__dirname, '..', '..', '..', 'fixtures', 'test-config.yaml'),
  ].find((f) => existsSync(f)) ?? path.join(__dirname, '..', '..', 'fixtures', 'test-config.yaml');
