import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { FileRefused } from './files';

/**
 * Spreadsheets in and out, one row at a time. XLSX through exceljs's streaming writer and
 * reader (a row is written to the zip as it is committed, and read as it is inflated), CSV
 * with a UTF-8 BOM so that Excel opens the Chinese text as Chinese.
 */
export type SheetFormat = 'XLSX' | 'CSV';

export const SHEET_TYPES: Record<SheetFormat, { ext: string; contentType: string }> = {
  XLSX: { ext: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  CSV: { ext: 'csv', contentType: 'text/csv; charset=utf-8' },
};

export type SheetValue = string | number | null;

export interface SheetWriter {
  add(values: readonly SheetValue[]): Promise<void>;
  close(): Promise<void>;
  /** Stops and removes what was written. */
  abort(): Promise<void>;
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading
 * apostrophe: a case description is the worker's words, never a formula on a cadre's machine.
 */
const inert = (v: SheetValue): SheetValue => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const csvField = (v: SheetValue): string => {
  if (v === null) return '';
  const s = String(inert(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function openSheetWriter(file: string, format: SheetFormat, sheetName: string, headers: readonly string[]): Promise<SheetWriter> {
  if (format === 'CSV') {
    const out = fs.createWriteStream(file);
    const write = async (line: string) => {
      if (!out.write(line)) await once(out, 'drain');
    };
    await write(`\uFEFF${headers.map(csvField).join(',')}\r\n`);
    return {
      add: (values) => write(`${values.map(csvField).join(',')}\r\n`),
      close: async () => {
        out.end();
        await once(out, 'finish');
      },
      abort: async () => {
        out.destroy();
        fs.rmSync(file, { force: true });
      },
    };
  }
  // No shared strings and no styles: both are kept in memory until the end.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow([...headers]).commit();
  return {
    add: async (values) => sheet.addRow(values.map(inert)).commit(),
    close: async () => {
      sheet.commit();
      await book.commit();
    },
    abort: async () => {
      await book.commit().catch(() => undefined);
      fs.rmSync(file, { force: true });
    },
  };
}

/** A row as read: its 1-based row number in the sheet and its cells as text ('' for empty). */
export interface SheetRow {
  row: number;
  cells: string[];
}

const cellText = (v: unknown, at: () => string): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { formula?: string; sharedFormula?: string; richText?: { text: string }[]; text?: string; error?: string };
    if (o.formula !== undefined || o.sharedFormula !== undefined) {
      throw new FileRefused('FILE_HAS_FORMULAS', `Cell ${at()} holds a formula. Copy the sheet and paste it as values only (选择性粘贴 → 数值), then upload again.`);
    }
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.error !== undefined) throw new FileRefused('FILE_HAS_FORMULAS', `Cell ${at()} shows an error (${o.error}). Fix the cell and upload again.`);
  }
  return String(v).trim();
};

const column = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : column(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** The rows of an XLSX file's first sheet, streamed. Anything exceljs cannot open is FILE_UNREADABLE. */
async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1);
        yield { row: row.number, cells: values.map((v, i) => cellText(v, () => `${column(i + 1)}${row.number}`)) };
      }
      // Only the first sheet is the roster.
      return;
    }
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused('FILE_UNREADABLE', 'This is not an Excel workbook (.xlsx) we can open. Save it from Excel or WPS as .xlsx, or as CSV (UTF-8), and upload again.');
  }
}

/** RFC 4180 CSV, UTF-8 (a BOM is dropped). Binary content or another encoding is FILE_UNREADABLE. */
async function* csvRows(file: string): AsyncGenerator<SheetRow> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new FileRefused('FILE_UNREADABLE', 'The CSV file is not UTF-8 text. In Excel choose 另存为 → CSV UTF-8 (逗号分隔), or upload the .xlsx itself.');
  }
  if (text.includes('\u0000')) throw new FileRefused('FILE_UNREADABLE', 'The file holds binary content, not CSV text. Upload the roster as .xlsx or CSV (UTF-8).');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  let startRow = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') row++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell.trim());
      yield { row: startRow, cells };
      cells = [];
      cell = '';
      startRow = ++row;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell.trim());
    yield { row: startRow, cells };
  }
}

/** Formula-looking text in a CSV runs as a formula once opened in Excel: refused like a formula cell. */
function* refuseCsvFormulas(r: SheetRow): Generator<SheetRow> {
  r.cells.forEach((c, i) => {
    if (/^[=+@]/.test(c) || /^-[^\d]/.test(c)) throw new FileRefused('FILE_HAS_FORMULAS', `Cell ${column(i + 1)}${r.row} starts like a formula (${JSON.stringify(c.slice(0, 20))}). Enter the value itself and upload again.`);
  });
  yield r;
}

/** The rows of a sheet, whichever format, with formulas refused. */
export async function* readSheet(file: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  if (format === 'XLSX') {
    yield* xlsxRows(file);
    return;
  }
  for await (const r of csvRows(file)) yield* refuseCsvFormulas(r);
}

/** The format a file's name says, or FILE_TYPE: only .xlsx and .csv are read. */
export function sheetFormatOf(name: string): SheetFormat {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return 'XLSX';
  if (ext === 'csv') return 'CSV';
  throw new FileRefused('FILE_TYPE', `Upload an Excel workbook (.xlsx) or a CSV file (UTF-8); ${JSON.stringify(name.slice(0, 60))} is neither. An old .xls must be saved as .xlsx first.`);
}
