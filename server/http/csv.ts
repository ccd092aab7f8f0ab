import type { Context } from 'hono';
import type { ZodType } from 'zod';
import { attachmentHeader } from './openapi.ts';

/** A date cell (epoch milliseconds): written JJ/MM/AAAA. */
export interface CsvDate {
  date: number;
}

/** One cell: text, a number (decimal comma), a date, or empty (null: e.g. a suppressed small cell). */
export type CsvCell = string | number | boolean | CsvDate | null;

export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

const BOM = '\uFEFF';
// Formula injection: a cell a spreadsheet would run (=, +, -, @, tab, CR) is written as text.
const FORMULA_START = /^[=+\-@\t\r]/;

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  if (typeof cell === 'boolean') return cell ? 'oui' : 'non';
  if (typeof cell === 'object') {
    // Paris time: the dates a French agent reads are local dates.
    const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(
      new Date(cell.date),
    );
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return `${pad(Number(part('day')))}/${pad(Number(part('month')))}/${part('year')}`;
  }
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quoted(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A table as French spreadsheets (Excel, LibreOffice in a French locale) open it without an import dialog:
 * UTF-8 with a BOM, `;` between cells, decimal commas, dates JJ/MM/AAAA, CRLF line ends, quotes doubled inside
 * quoted cells.
 *
 * @example
 * frenchCsv({ header: ['Option', 'Part'], rows: [['Oui', 0.25], ['Non "ferme"', null]] });
 * // '\uFEFFOption;Part\r\nOui;0,25\r\n"Non ""ferme""";\r\n'
 */
export function frenchCsv(table: CsvTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map((cell) => quoted(cellText(cell))).join(';'));
  return BOM + lines.map((line) => `${line}\r\n`).join('');
}

/** The one non-JSON answer of the API: a CSV file to save. */
export function csvResponse(c: Context, fileName: string, table: CsvTable): Response {
  return c.body(frenchCsv(table), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
}

/** `?format=` of an export: `json` (the default) or `csv`. */
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The 200 answer of an export, documented once: JSON (with its schema) or CSV for French spreadsheets. */
export function exportResponse<T extends ZodType>(jsonSchema: T, description: string) {
  return {
    description: `${description}. \`format=csv\`: text/csv for French spreadsheets (UTF-8 with BOM, \`;\` separator, decimal comma, dates JJ/MM/AAAA, empty cell where a value is suppressed)`,
    headers: attachmentHeader,
    content: {
      'application/json': { schema: jsonSchema },
      'text/csv': { schema: { type: 'string' as const, description: 'CSV, one header row' } },
    },
  };
}
