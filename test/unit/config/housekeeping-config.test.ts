import path from 'node:path';
import { loadConfig, parseConfig } from '../../../src/config/load-config';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'fixtures', 'opsdesk.example.yaml');

test('housekeeping is on by default: nightly at 03:30, 30 days kept', () => {
  expect(parseConfig({}).housekeeping).toEqual({
    enabled: true,
    keepDays: 30,
    commentSourceDays: 365,
    cron: '30 3 * * *',
  });
  expect(parseConfig({ housekeeping: { keepDays: 90 } }).housekeeping).toEqual({
    enabled: true,
    keepDays: 90,
    commentSourceDays: 365,
    cron: '30 3 * * *',
  });
});

test('the annotated example says what the defaults are', () => {
  expect(loadConfig(EXAMPLE).housekeeping).toEqual(parseConfig({}).housekeeping);
});

test('bad housekeeping settings are refused with the key named', () => {
  expect(() => parseConfig({ housekeeping: { keepDays: 0 } })).toThrow(/housekeeping\.keepDays: /);
  expect(() => parseConfig({ housekeeping: { keepDays: 1.5 } })).toThrow(/housekeeping\.keepDays: /);
  expect(() => parseConfig({ housekeeping: { cron: 'nightly' } })).toThrow(
    /housekeeping\.cron: expected a cron expression such as "30 3 \* \* \*"/,
  );
  expect(() => parseConfig({ housekeeping: { keepdays: 30 } })).toThrow(/housekeeping: .*keepdays/);
});
