import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../tab/src/table.js';

describe('the CSV export of the dashboard tab', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) with CRLF rows', () => {
    expect(toCsv(['Agency', 'Reason'], [['CSF, Merton', 'Said "no"\nbecause']])).toBe('Agency,Reason\r\n"CSF, Merton","Said ""no""\nbecause"\r\n');
  });

  it('defuses spreadsheet formulas in free text, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+44 20')).toBe("'+44 20");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField('@home')).toBe("'@home");
  });
});
