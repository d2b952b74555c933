// config → database → migrations → listen → graceful shutdown.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createContext } from './create-context';
import { runMigrations } from './db/connection';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded';
import { prepareOrganization } from './db/prepare';
import { LocationRetention } from './jobs/location-retention';
import { ReminderScheduler } from './jobs/reminder-scheduler';
import { SlaScheduler } from './jobs/sla-scheduler';

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    console.log(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres …`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    databaseUrl = embedded.url;
  }
  await runMigrations(databaseUrl);
  const ctx = await createContext({ config, databaseUrl });
  await prepareOrganization(ctx, { log: (line) => console.log(line) });

  const app = await buildApp(ctx);
  ctx.outbox.start();
  const locationRetention = new LocationRetention(ctx, {
    log: (message, details) => app.log.info(details ?? {}, message),
    onError: (err) => app.log.error({ err }, 'Pruning location pings failed'),
  });
  locationRetention.start();
  let slaScheduler: SlaScheduler | null = null;
  let reminderScheduler: ReminderScheduler | null = null;

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await locationRetention.stop();
    await slaScheduler?.stop();
    await reminderScheduler?.stop();
    await ctx.outbox.stop();
    await ctx.pool.end();
    if (embedded) await embedded.stop();
  });

  await app.listen({ port: config.port, host: config.host });
  if (config.slaScheduler.enabled) {
    slaScheduler = new SlaScheduler(ctx, {
      crons: config.slaScheduler.crons,
      log: (message, details) => app.log.info(details ?? {}, message),
      onError: (err) => app.log.error({ err }, 'SLA sweep failed'),
    });
    slaScheduler.start();
    reminderScheduler = new ReminderScheduler(ctx, {
      crons: config.reminderCrons,
      log: (message, details) => app.log.info(details ?? {}, message),
      onError: (err) => app.log.error({ err }, 'Reminders failed'),
    });
    reminderScheduler.start();
  }
  console.log(`Fieldline is running at http://localhost:${config.port} (API docs: /api/docs)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
