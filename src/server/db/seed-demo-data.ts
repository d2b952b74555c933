import type { AppContext } from '../context';

export async function seedDemo(_ctx: AppContext): Promise<void> {
  throw new Error('Demo data is not available yet.');
}
