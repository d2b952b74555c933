// GET /api/v1/admin/reports/export: refusals, then each format read back and checked row by row.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  NON_STAFF,
  ticketIn,
} from '../admin/admin-test-kit';
import { exportReport, TICKET_ROWS_PER_PDF_PAGE } from './exports.service';
import { csvCell } from './writers';

let w: AdminWorld;
const url = '/api/v1/admin/reports/export';

// 28 plain tickets in Riyadh, then six in Jeddah whose names test the CSV escaping; one of those is
// assigned. Total 34 → a PDF of ceil(34 / 25) = 2 pages; Jeddah and new → 5 rows, 1 page.
const TRICKY = ['Smith, "Jr"', '=HYPERLINK("http://evil")', '-2+3', '@SUM(A1)', '+966 trick'];
const numbers: Record<string, string> = {};

beforeAll(async () => {
  w = await buildAdminWorld();
  for (let i = 0; i < 28; i += 1) {
    w.t.clock.set(new Date(Date.parse('2026-11-10T06:00:00Z') + i * 60_000));
    await ticketIn(w, 'new', { customerName: `Riyadh Customer ${i}` });
  }
  for (const [i, name] of TRICKY.entries()) {
    w.t.clock.set(new Date(Date.parse('2026-11-12T06:00:00Z') + i * 60_000));
    await ticketIn(w, 'new', { customerName: name, customerCity: 'jeddah' });
  }
  w.t.clock.set(new Date('2026-11-13T06:00:00Z'));
  await ticketIn(w, 'assigned', { customerName: 'محمد العتيبي', customerCity: 'jeddah' });
  await foreignTicket(w.t.ctx);
  w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
  const list = await w.t.app.inject({
    method: 'GET',
    url: '/api/v1/admin/tickets?limit=100',
    headers: w.as.admin,
  });
  for (const ticket of list.json().tickets) numbers[ticket.customerName] = ticket.ticketNumber;
});
afterAll(() => w.t.close());

const get = (query: string, headers: Record<string, string> = w.as.admin) =>
  w.t.app.inject({ method: 'GET', url: `${url}?${query}`, headers });

async function listNumbers(query: string): Promise<string[]> {
  const response = await w.t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/tickets?limit=100&${query}`,
    headers: w.as.admin,
  });
  return response.json().tickets.map((ticket: { ticketNumber: string }) => ticket.ticketNumber);
}

async function readXlsx(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

const sheetRows = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
};

const pdfPages = (buffer: Buffer) => buffer.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

/** Splits CSV text into rows of cells (quotes, doubled quotes, commas and CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  return rows;
}

describe('GET /api/v1/admin/reports/export', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: `${url}?format=csv` });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['no format', 'type=tickets'],
    ['an unknown format', 'format=docx'],
    ['an unknown type', 'type=users&format=csv'],
    ['an unknown status', 'format=csv&status=lost'],
    ['dateTo before dateFrom', 'format=csv&dateFrom=2026-11-10&dateTo=2026-11-01'],
    ['a KPI report without a period', 'type=kpis&format=xlsx'],
    ['a KPI report over 366 days', 'type=kpis&format=pdf&dateFrom=2025-01-01&dateTo=2026-11-01'],
    ['an unknown language', 'format=csv&lang=fr'],
  ])('refuses %s with 400', async (_name, query) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await get('format=csv', w.as[role]);
    expect(response.statusCode).toBe(403);
  });

  it('exports exactly the filtered rows as XLSX, in English when asked', async () => {
    const query = 'city=jeddah&status=new';
    const response = await get(`format=xlsx&${query}`, {
      ...w.as.dispatcher,
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="tickets-2026-11-22\.xlsx"$/,
    );
    expect(response.headers['x-total-count']).toBe('5');
    const sheet = (await readXlsx(response.rawPayload)).worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const [header, ...rows] = sheetRows(sheet);
    expect(header?.[0]).toBe('Ticket number');
    expect(rows.map((row) => row[0])).toEqual(await listNumbers(query));
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row[4])).toEqual([...TRICKY].reverse());
    expect(rows[0]?.slice(2, 4)).toEqual(['New', 'Normal']);
    expect(rows[0]?.[6]).toBe('Jeddah');
  });

  it('exports every ticket of the organisation when nothing is filtered, in Arabic by default', async () => {
    const response = await get('format=xlsx');
    const workbook = await readXlsx(response.rawPayload);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const [header, ...rows] = sheetRows(sheet);
    expect(header?.[0]).toBe('رقم التذكرة');
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    expect(rows).toHaveLength(34);
    expect(rows.map((row) => row[0])).toEqual(await listNumbers(''));
    const assigned = rows.find((row) => row[4] === 'محمد العتيبي');
    expect(assigned?.slice(2, 3)).toEqual(['تم الإسناد']);
    expect(assigned?.[6]).toBe('جدة');
    expect(assigned?.[8]).toBe('خالد الفني');
  });

  it('reads tickets in keyset batches without losing or repeating a row', async () => {
    const file = await exportReport(w.t.ctx, {
      principal: w.admin.principal,
      query: { type: 'tickets', format: 'csv', groupBy: 'day' },
      lang: 'en',
      batchSize: 4,
    });
    let text = '';
    for await (const chunk of file.stream) text += String(chunk);
    const [, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(rows.map((row) => row[0])).toEqual(await listNumbers(''));
  });

  it('escapes CSV cells and neutralises formulas', async () => {
    const response = await get('format=csv&city=jeddah&lang=ar');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = response.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain(`${numbers['Smith, "Jr"']},`);
    expect(text).toContain('"Smith, ""Jr"""');
    const rows = parseCsv(text.slice(1));
    expect(rows[0]?.[0]).toBe('رقم التذكرة');
    expect(rows.slice(1).map((row) => row[4])).toEqual([
      'محمد العتيبي',
      "'+966 trick",
      "'@SUM(A1)",
      "'-2+3",
      `'=HYPERLINK("http://evil")`,
      'Smith, "Jr"',
    ]);
    expect(rows.slice(1).every((row) => row.length === 10)).toBe(true);
  });

  it('names device types the organisation’s way once renamed', async () => {
    const before = parseCsv(
      (await get('format=csv&lang=en&city=jeddah')).rawPayload.toString('utf8').slice(1),
    );
    const device = before[1]?.[7] ?? '';
    const [type] = device.split(' - ');
    expect(type).toBe('Air conditioner');
    const renamed = await w.t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/vocabularies/device-types/ac',
      headers: w.as.admin,
      payload: { nameAr: 'مكيف سبليت', nameEn: 'Split AC', isActive: true },
    });
    expect(renamed.statusCode).toBe(200);
    const after = parseCsv(
      (await get('format=csv&lang=en&city=jeddah')).rawPayload.toString('utf8').slice(1),
    );
    expect(after[1]?.[7]).toBe(device.replace('Air conditioner', 'Split AC'));
    const arabic = parseCsv(
      (await get('format=csv&lang=ar&city=jeddah')).rawPayload.toString('utf8').slice(1),
    );
    expect(arabic[1]?.[7]?.startsWith('مكيف سبليت')).toBe(true);
    await w.t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/vocabularies/device-types/ac',
      headers: w.as.admin,
      payload: { nameAr: null, nameEn: null, isActive: true },
    });
  });

  it('quotes only what needs quoting', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('exports a PDF with one page per 25 rows', async () => {
    expect(TICKET_ROWS_PER_PDF_PAGE).toBe(25);
    const all = await get('format=pdf');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toBe('application/pdf');
    expect(all.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(all.rawPayload)).toBe(2);
    const jeddah = await get('format=pdf&city=jeddah&lang=en');
    expect(pdfPages(jeddah.rawPayload)).toBe(1);
    const none = await get('format=pdf&search=nobody-here');
    expect(pdfPages(none.rawPayload)).toBe(1);
  });

  it('exports the KPI report as XLSX, CSV and PDF', async () => {
    const period = 'type=kpis&dateFrom=2026-11-01&dateTo=2026-11-30';
    const xlsx = await get(`${period}&format=xlsx&lang=en`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('kpis-2026-11-01-2026-11-30.xlsx');
    const workbook = await readXlsx(xlsx.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Technicians',
      'Cities',
      'Trend',
      'Statuses',
    ]);
    const summary = sheetRows(workbook.worksheets[0] as ExcelJS.Worksheet);
    expect(summary[1]).toEqual(['Total tickets', 34, 0]);
    expect(summary.find((row) => row[0] === 'SLA compliance %')?.[1]).toBe(100);

    const csv = (await get(`${period}&format=csv&lang=ar`)).rawPayload.toString('utf8');
    expect(csv).toContain('إجمالي التذاكر,34,0,\r\n');

    const pdf = await get(`${period}&format=pdf&lang=ar`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Summary, technicians, cities and statuses take a page each; the trend's 30 days take two.
    expect(pdfPages(pdf.rawPayload)).toBe(6);
  });
});
