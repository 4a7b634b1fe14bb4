import type { Db } from '@pagefree/db';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import { toComponentView, toPageView, toSectionView } from '../views.ts';

/** Loads a page with its sections and components (with their service mappings), for editing. */
export async function getStatusPage(
  db: Db,
  principal: Principal,
  input: { pageId: string },
  statusSiteUrl: string,
) {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  const sections = await db
    .selectFrom('status_section')
    .selectAll()
    .where('page_id', '=', page.id)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const components = await db
    .selectFrom('status_component')
    .selectAll()
    .where('page_id', '=', page.id)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const mappings =
    components.length === 0
      ? []
      : await db
          .selectFrom('status_component_service')
          .select(['component_id', 'service_id'])
          .where(
            'component_id',
            'in',
            components.map((component) => component.id),
          )
          .execute();

  return {
    ...toPageView(page, statusSiteUrl),
    sections: sections.map(toSectionView),
    components: components.map((component) =>
      toComponentView(
        component,
        mappings.filter((row) => row.component_id === component.id).map((row) => row.service_id),
      ),
    ),
  };
}
