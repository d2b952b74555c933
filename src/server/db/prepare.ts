// On an empty database: the demo organisation (FIELDLINE_DEMO=1) or an empty one with an optional admin.
import type { AppContext } from '../context';
import { hashPassword } from '../lib/password';
import { createOrganization, organizationCount } from './bootstrap';
import { users } from './schema';
import { seedDemo } from './seed-demo-data';

export async function prepareOrganization(
  ctx: AppContext,
  opts: { log: (line: string) => void },
): Promise<void> {
  if ((await organizationCount(ctx.db)) > 0) return;
  if (ctx.config.demo) {
    opts.log('Empty database: loading the demo organisation (FIELDLINE_DEMO=1) …');
    await seedDemo(ctx);
    opts.log('Demo data ready. Sign in as admin@demo.test / Demo@12345.');
    return;
  }
  const organizationId = await createOrganization(ctx.db, { name: 'Fieldline', slug: 'default' });
  const admin = ctx.config.initialAdmin;
  if (admin) {
    const { email, password } = admin;
    await ctx.db.insert(users).values({
      organizationId,
      email: email.toLowerCase(),
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
    });
    opts.log(`Created the organisation and the admin ${email}.`);
  } else {
    opts.log(
      'Created an empty organisation. Set FIELDLINE_ADMIN_EMAIL and FIELDLINE_ADMIN_PASSWORD to create an admin, or start with FIELDLINE_DEMO=1 on an empty database for demo data.',
    );
  }
}
