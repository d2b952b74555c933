// The three file formats of an export, each written as its rows arrive: CSV lines, an XLSX streamed by
// exceljs's WorkbookWriter (rows committed one by one), a PDF from pdfkit (a page per rowsPerPage rows).
// A document is a list of tables; each table's rows come in batches from an async source.
import { createRequire } from 'node:module';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ExportLang } from './labels';
import { visualTokens } from './rtl-text';

export type Cell = string | number | null;

export interface ExportTable {
  title: string;
  columns: string[];
  /** Relative column widths (PDF). */
  widths?: number[];
  batches: AsyncIterable<Cell[][]>;
}

export interface ExportDocument {
  title: string;
  subtitle: string;
  lang: ExportLang;
  tables: ExportTable[];
  /** PDF rows per page; a table with n rows takes max(1, ceil(n / rowsPerPage)) pages. */
  rowsPerPage: number;
  /** CSV: the first table alone, without titles (a ticket list reads back as a plain table). */
  plainCsv?: boolean;
}

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

// ---------------------------------------------------------------- CSV

/** Cells a spreadsheet would run as a formula start with one of these: prefix them with a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

async function* csvChunks(doc: ExportDocument): AsyncGenerator<string> {
  // The byte order mark makes Excel read the file as UTF-8 (Arabic would be garbled without it).
  yield '\uFEFF';
  const tables = doc.plainCsv ? doc.tables.slice(0, 1) : doc.tables;
  for (const [index, table] of tables.entries()) {
    if (!doc.plainCsv) yield `${index > 0 ? '\r\n' : ''}${csvLine([table.title])}`;
    yield csvLine(table.columns);
    for await (const batch of table.batches) yield batch.map(csvLine).join('');
  }
}

// ---------------------------------------------------------------- XLSX

function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base} ${n}`;
  used.add(name);
  return name;
}

async function writeXlsx(doc: ExportDocument, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Fieldline';
  const used = new Set<string>();
  for (const table of doc.tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used), {
      views: [{ rightToLeft: doc.lang === 'ar', state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((header, index) => ({
      header,
      key: String(index),
      width: Math.max(12, Math.round((table.widths?.[index] ?? 1) * 14)),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const batch of table.batches) {
      for (const cells of batch) sheet.addRow(cells).commit();
      await drained(out);
    }
    sheet.commit();
  }
  await workbook.commit();
}

// ---------------------------------------------------------------- PDF

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf');

const MARGIN = 36;
const ROW_HEIGHT = 20;
const LINE_HEIGHT = 11;
const FONT_SIZE = 8.5;

type Pdf = InstanceType<typeof PDFDocument>;

/**
 * Draws one line of text inside [x, x + width], right-aligned for Arabic, cut with an ellipsis when it
 * does not fit. Words are placed one by one in visual order (see rtl-text.ts).
 */
export function drawLine(
  pdf: Pdf,
  text: string,
  box: { x: number; y: number; width: number; direction: 'rtl' | 'ltr' },
): void {
  const space = pdf.widthOfString(' ');
  const measure = (value: string) => {
    // Each line takes its direction from its first strong character (a date or a Latin name reads left
    // to right even in an Arabic table); the alignment follows the document.
    const tokens = visualTokens(value, 'auto');
    let width = 0;
    for (const token of tokens) width += token.kind === 'space' ? space : pdf.widthOfString(token.text);
    return { tokens, width };
  };
  let value = text;
  let laid = measure(value);
  while (laid.width > box.width && value.length > 1) {
    value = value.slice(0, Math.max(1, Math.floor(value.length * (box.width / laid.width)) - 1));
    laid = measure(`${value}…`);
  }
  let x = box.direction === 'rtl' ? box.x + box.width - laid.width : box.x;
  for (const token of laid.tokens) {
    if (token.kind === 'space') {
      x += space;
      continue;
    }
    pdf.text(token.text, x, box.y, { lineBreak: false });
    x += pdf.widthOfString(token.text);
  }
}

/** `text` as one line when it fits in `width`, else as two, broken between words. */
function twoLines(pdf: Pdf, text: string, width: number): string[] {
  if (pdf.widthOfString(text) <= width) return [text];
  const words = text.split(' ');
  let first = words[0] ?? '';
  let used = 1;
  while (used < words.length && pdf.widthOfString(`${first} ${words[used]}`) <= width) {
    first = `${first} ${words[used]}`;
    used += 1;
  }
  return used < words.length ? [first, words.slice(used).join(' ')] : [text];
}

async function writePdf(doc: ExportDocument, pdf: Pdf): Promise<void> {
  pdf.registerFont('body', FONT);
  pdf.registerFont('bold', FONT_BOLD);
  const direction = doc.lang === 'ar' ? 'rtl' : 'ltr';
  const pageWidth = pdf.page.width;
  const usable = pageWidth - 2 * MARGIN;
  let pageNumber = 0;
  let first = true;

  for (const table of doc.tables) {
    const weights = table.columns.map((_, index) => table.widths?.[index] ?? 1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const widths = weights.map((weight) => (weight / total) * usable);
    // Arabic tables read from the right: the first column sits at the right edge.
    const lefts: number[] = [];
    let cursor = 0;
    for (const width of widths) {
      lefts.push(direction === 'rtl' ? MARGIN + usable - cursor - width : MARGIN + cursor);
      cursor += width;
    }
    let y = 0;
    let rowsOnPage = 0;

    // Header labels may take two lines; data cells take one (cut with an ellipsis).
    const drawRow = (cells: Cell[], header: boolean) => {
      pdf.font(header ? 'bold' : 'body').fontSize(FONT_SIZE);
      const lines = cells.map((cell, index) => {
        const text = cell === null ? '' : String(cell);
        return header ? twoLines(pdf, text, (widths[index] ?? 0) - 6) : [text];
      });
      const height = ROW_HEIGHT + (lines.some((cell) => cell.length > 1) ? LINE_HEIGHT : 0);
      if (header)
        pdf
          .rect(MARGIN, y - 3, usable, height)
          .fill('#e8eef5')
          .fillColor('#000');
      lines.forEach((cell, index) => {
        cell.forEach((line, lineIndex) => {
          drawLine(pdf, line, {
            x: (lefts[index] ?? MARGIN) + 3,
            y: y + lineIndex * LINE_HEIGHT,
            width: (widths[index] ?? 0) - 6,
            direction,
          });
        });
      });
      pdf
        .moveTo(MARGIN, y + height - 3)
        .lineTo(MARGIN + usable, y + height - 3)
        .lineWidth(0.3)
        .stroke('#c0c8d0');
      y += height;
    };

    const newPage = (withTitle: boolean) => {
      if (!first) pdf.addPage();
      first = false;
      pageNumber += 1;
      y = MARGIN;
      pdf.font('bold').fontSize(14).fillColor('#000');
      if (withTitle) {
        drawLine(pdf, `${doc.title} — ${table.title}`, { x: MARGIN, y, width: usable, direction });
        y += 22;
        pdf.font('body').fontSize(9);
        drawLine(pdf, doc.subtitle, { x: MARGIN, y, width: usable, direction });
        y += 20;
      }
      pdf.font('body').fontSize(8).fillColor('#555');
      drawLine(pdf, `${doc.lang === 'ar' ? 'صفحة' : 'Page'} ${pageNumber}`, {
        x: MARGIN,
        y: pdf.page.height - MARGIN,
        width: usable,
        direction: direction === 'rtl' ? 'ltr' : 'rtl',
      });
      pdf.fillColor('#000');
      drawRow(table.columns, true);
      rowsOnPage = 0;
    };

    newPage(true);
    for await (const batch of table.batches) {
      for (const cells of batch) {
        if (rowsOnPage === doc.rowsPerPage) newPage(false);
        drawRow(cells, false);
        rowsOnPage += 1;
      }
      await drained(pdf);
    }
  }
  pdf.end();
}

// ---------------------------------------------------------------- streaming

const READ_BACKLOG_BYTES = 1024 * 1024;

/** Waits while the reader is behind, so a slow download does not pile the whole file up in memory. */
async function drained(stream: Writable | Readable): Promise<void> {
  if ('writableNeedDrain' in stream && stream.writableNeedDrain && !stream.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    });
  }
  if (stream instanceof Readable && !(stream instanceof PassThrough)) {
    while (stream.readableLength > READ_BACKLOG_BYTES && !stream.destroyed) await sleep(5);
  }
}

/** The file as a stream; rows are read and written while the client downloads. */
export function renderExport(doc: ExportDocument, format: ExportFormat): Readable {
  if (format === 'csv') return Readable.from(csvChunks(doc));
  if (format === 'xlsx') {
    const out = new PassThrough();
    writeXlsx(doc, out).catch((error: unknown) => out.destroy(error as Error));
    return out;
  }
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: true,
    info: { Title: doc.title, Creator: 'Fieldline' },
  });
  writePdf(doc, pdf).catch((error: unknown) => pdf.destroy(error as Error));
  return pdf;
}
