// npm run seed:demo — loads the demo organisation into DATABASE_URL's database, or into the embedded
// PostgreSQL of FIELDLINE_DATA_DIR (the one `npm start` uses). Running it again changes nothing.
import { loadConfig } from '../config';
import { createContext } from '../create-context';
import { runMigrations } from './connection';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TECHNICIANS, demoIsLoaded, seedDemo } from './seed-demo-data';

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    console.log(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres …`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    databaseUrl = embedded.url;
  }
  try {
    await runMigrations(databaseUrl);
    const ctx = await createContext({ config, databaseUrl });
    try {
      if (await demoIsLoaded(ctx)) {
        console.log('The demo data is already loaded; nothing to do.');
      } else {
        const started = Date.now();
        await seedDemo(ctx);
        console.log(`Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
      console.log(`\nDemo sign-ins (password ${DEMO_PASSWORD}):`);
      for (const person of [...DEMO_STAFF, ...DEMO_TECHNICIANS]) {
        console.log(`  ${person.role.padEnd(11)} ${person.email.padEnd(22)} ${person.name}`);
      }
    } finally {
      await ctx.outbox.stop();
      await ctx.pool.end();
    }
  } finally {
    if (embedded) await embedded.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
