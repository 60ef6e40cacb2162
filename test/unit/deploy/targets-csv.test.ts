/**
 * The CSV that `deploy show D-N … --csv` attaches: every cell reads back as written (RFC 4180 quoting of commas,
 * quotes and line breaks in a host's output), and no cell starts like a spreadsheet formula. The property runs with
 * a printed seed (OPSDESK_CSV_SEED replays one). Would catch: a row split by a comma or a newline in stderr, a quote
 * that breaks the file, `=HYPERLINK(…)` from a hostile host's output run by the spreadsheet that opens the file.
 */
import fc from 'fast-check';
import { csvCell, targetsCsv, TARGET_CSV_HEADER } from '../../../src/deploy/targets-csv';

const SEED = Number(process.env.OPSDESK_CSV_SEED ?? 20261130);

/** An RFC 4180 reader: the rows of cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

test('a cell reads back as written; a formula-like start is defused with a quote mark', () => {
  console.log(`targets-csv property: seed ${SEED}; replay with OPSDESK_CSV_SEED=${SEED}`);
  const chars = fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', 'ø', '😀', ';', "'");
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 20 }).map((cs) => cs.join('')),
      (v) => {
        const back = readCsv(`${csvCell(v)},x\r\n`);
        expect(back).toEqual([[/^[=+\-@\t\r]/u.test(v) ? `'${v}` : v, 'x']]);
        expect(back[0][0]).not.toMatch(/^[=+\-@\t\r]/u);
      },
    ),
    { seed: SEED, numRuns: 500 },
  );
});

test('one row per host, sorted, with its state, error and last line of output', () => {
  const file = targetsCsv(12, 'failed', [
    {
      host: 'pc-02',
      state: 'failed',
      attempts: 2,
      error: 'exit code 3',
      output: 'x\ndisk full, on "pc-02"\n',
      dropped: false,
    },
    { host: 'pc-01', state: 'failed', attempts: 1, error: 'exit code 1', output: '=cmd|calc', dropped: true },
  ]);
  expect(file).toMatchObject({
    filename: 'deploy-D-12-failed.csv',
    mimetype: 'text/csv',
    title: 'D-12: 2 host(s) failed',
  });
  expect(readCsv(file.data.toString('utf8'))).toEqual([
    [...TARGET_CSV_HEADER],
    ['pc-01', 'failed', '1', 'exit code 1', "'=cmd|calc", 'yes', ''],
    ['pc-02', 'failed', '2', 'exit code 3', 'disk full, on "pc-02"', 'no', ''],
  ]);
});
