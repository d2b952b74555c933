// Real local servers standing in for the providers in tests: an HTTP endpoint and an SMTP server.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../context';
import { notificationOutbox } from '../db/schema';
import { enqueueNotifications, type OutgoingNotification } from '../modules/notifications/outbox';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the endpoint answers: a status and a JSON body, or 'hang' (never answers). */
export type EndpointAnswer = { status: number; json?: unknown } | 'hang';

export interface HttpEndpoint {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the answer for the following requests. */
  answer(next: (request: RecordedRequest) => EndpointAnswer): void;
  close(): Promise<void>;
}

export async function startHttpEndpoint(
  initial: (request: RecordedRequest) => EndpointAnswer = () => ({ status: 200, json: {} }),
): Promise<HttpEndpoint> {
  let respond = initial;
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const request = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: await text(req),
    };
    requests.push(request);
    const answer = respond(request);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.json ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      respond = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** Header names in lower case (unfolded). */
  headers: Record<string, string>;
  body: string;
}

export interface SmtpEndpoint {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server (plain, with AUTH PLAIN/LOGIN accepted for user/secret) that keeps what it receives. */
export async function startSmtpEndpoint(
  credentials = { user: 'mailer', pass: 'secret' },
): Promise<SmtpEndpoint> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      text(stream).then((raw) => {
        const [head = '', ...rest] = raw.split('\r\n\r\n');
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          headers,
          body: rest.join('\r\n\r\n').replace(/\r\n$/, ''),
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Writes one outbox row through the real enqueueNotifications and returns its id. */
export async function enqueueTestMessage(
  ctx: AppContext,
  item: Omit<OutgoingNotification, 'locale' | 'vars' | 'template'> & Partial<OutgoingNotification>,
): Promise<string> {
  const dedupeKey = randomUUID();
  await enqueueNotifications(ctx.db, [
    {
      template: 'ticket_status',
      locale: 'en',
      vars: { ticketNumber: 'FL-1001', statusText: 'The technician is on the way' },
      ...item,
      dedupeKey,
    },
  ]);
  const [row] = await ctx.db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(eq(notificationOutbox.dedupeKey, dedupeKey));
  if (!row) throw new Error('outbox row was not written');
  return row.id;
}

export async function outboxRow(ctx: AppContext, id: string) {
  const [row] = await ctx.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}
