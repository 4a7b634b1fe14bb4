import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { listSubscribersInput } from '../schemas.ts';
import { toSubscriberView } from '../views.ts';

/** Lists a page's subscribers, newest first, including pending and unsubscribed ones. */
export async function listSubscribers(
  db: Db,
  principal: Principal,
  input: z.output<typeof listSubscribersInput>,
) {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  let query = db
    .selectFrom('status_subscriber')
    .selectAll()
    .where('page_id', '=', page.id)
    .orderBy('created_at', 'desc')
    .limit(input.limit);
  if (input.before) query = query.where('created_at', '<', new Date(input.before));
  const rows = await query.execute();
  return rows.map(toSubscriberView);
}
