import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../kernel/errors.js';

/** The cells of a member list: CSV (UTF-8 or GB18030, as Excel in China saves it) or XLSX, first sheet. */
/** A row of the file with the line (CSV) or row number (XLSX) people see it at. */
export interface TableRow {
  line: number;
  cells: string[];
}

export async function readMemberTable(fileName: string, bytes: Buffer): Promise<TableRow[]> {
  const isXlsx = /\.xlsx$/i.test(fileName) || bytes.subarray(0, 2).toString('latin1') === 'PK';
  return isXlsx ? readXlsx(bytes) : readCsv(bytes);
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer): TableRow[] {
  const text = decode(bytes);
  // A semicolon-separated file (European Excel) is read as such when its header has no comma.
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    !firstLine.includes(',') && firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t') && !firstLine.includes(',')
        ? '\t'
        : ',';
  try {
    const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, info: true });
    return (records as Array<{ record: string[]; info: { lines: number } }>).map((r) => ({
      line: r.info.lines,
      cells: r.record,
    }));
  } catch (error) {
    throw new ValidationError('file', `the CSV cannot be read: ${(error as Error).message}`);
  }
}

async function readXlsx(bytes: Buffer): Promise<TableRow[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError('file', 'the file is not a readable XLSX workbook');
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    rows.push({ line: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}
