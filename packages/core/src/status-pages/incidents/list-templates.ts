import type { Db } from '@pagefree/db';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import { toTemplateView } from '../views.ts';

export async function listStatusTemplates(db: Db, principal: Principal, input: { pageId: string }) {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  const templates = await db
    .selectFrom('status_template')
    .selectAll()
    .where('page_id', '=', page.id)
    .orderBy('name')
    .execute();
  return templates.map(toTemplateView);
}
