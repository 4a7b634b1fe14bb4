import type { Db, StatusPage, TeamRole } from '@pagefree/db';
import { requireReadable, requireScope, requireTeamRole } from '../auth/permissions.ts';
import type { ApiScope, Principal } from '../auth/principal.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';

/**
 * Roles needed for each kind of status page operation. A page belongs to one team:
 * - `OBSERVER` of that team reads its configuration, subscribers and preview;
 * - `RESPONDER` writes status incidents and their updates, because the people who handle
 *   an incident also keep customers informed about it;
 * - `TEAM_ADMIN` configures the page: settings, sections, components, templates,
 *   maintenance, and removing subscribers.
 * Platform admins pass every check. Mapping a component to a service also needs
 * `TEAM_ADMIN` of the service's team, so one team cannot publish another team's status.
 */
export const STATUS_ROLES = {
  read: 'OBSERVER',
  communicate: 'RESPONDER',
  configure: 'TEAM_ADMIN',
} as const satisfies Record<string, TeamRole>;

export type StatusAccess = keyof typeof STATUS_ROLES;

const SCOPE: Record<StatusAccess, ApiScope> = {
  read: 'config:read',
  communicate: 'config:write',
  configure: 'config:write',
};

/**
 * Loads a page after checking the principal's access. A page of a team the principal cannot
 * see raises NotFound, like an unknown id, so page ids cannot be probed.
 */
export async function loadPageForPrincipal(
  db: Db,
  principal: Principal,
  pageId: string,
  access: StatusAccess,
): Promise<StatusPage> {
  requireScope(principal, SCOPE[access]);
  const page = await db
    .selectFrom('status_page')
    .selectAll()
    .where('id', '=', pageId)
    .executeTakeFirst();
  if (!page) throw new NotFoundError('Status page', pageId);
  await requireReadable(db, principal, page.team_id, 'Status page', pageId);
  await requireTeamRole(db, principal, page.team_id, STATUS_ROLES[access]);
  return page;
}

/** Loads the page a child row (component, incident, maintenance...) belongs to, with access checked. */
export async function loadPageOf(
  db: Db,
  principal: Principal,
  table:
    | 'status_section'
    | 'status_component'
    | 'status_incident'
    | 'status_template'
    | 'status_maintenance'
    | 'status_subscriber',
  id: string,
  access: StatusAccess,
): Promise<StatusPage> {
  const row = await db.selectFrom(table).select('page_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(RESOURCE_NAMES[table], id);
  try {
    return await loadPageForPrincipal(db, principal, row.page_id, access);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(RESOURCE_NAMES[table], id);
    throw error;
  }
}

const RESOURCE_NAMES = {
  status_section: 'Section',
  status_component: 'Component',
  status_incident: 'Status incident',
  status_template: 'Template',
  status_maintenance: 'Maintenance',
  status_subscriber: 'Subscriber',
} as const;

/** Throws unless every service exists and the principal is TEAM_ADMIN of its team. */
export async function requireMappableServices(
  db: Db,
  principal: Principal,
  serviceIds: readonly string[],
): Promise<void> {
  if (serviceIds.length === 0) return;
  const services = await db
    .selectFrom('service')
    .select(['id', 'team_id'])
    .where('id', 'in', [...serviceIds])
    .execute();
  const found = new Map(services.map((service) => [service.id, service.team_id]));
  for (const serviceId of serviceIds) {
    const teamId = found.get(serviceId);
    if (!teamId) {
      throw new ValidationError('serviceIds', `service ${serviceId} does not exist`);
    }
    try {
      await requireTeamRole(db, principal, teamId, 'TEAM_ADMIN');
    } catch {
      throw new ValidationError(
        'serviceIds',
        `service ${serviceId} belongs to a team you do not administer; ask one of its team admins to map it`,
      );
    }
  }
}

/** Throws unless every component id belongs to the page. */
export async function requireComponentsOfPage(
  db: Db,
  pageId: string,
  componentIds: readonly string[],
  field = 'componentIds',
): Promise<void> {
  if (componentIds.length === 0) return;
  const rows = await db
    .selectFrom('status_component')
    .select('id')
    .where('page_id', '=', pageId)
    .where('id', 'in', [...componentIds])
    .execute();
  if (rows.length !== new Set(componentIds).size) {
    throw new ValidationError(field, 'every component must belong to this status page');
  }
}
