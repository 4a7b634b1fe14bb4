import type {
  StatusComponent,
  StatusIncident,
  StatusIncidentUpdate,
  StatusMaintenance,
  StatusPage,
  StatusSection,
  StatusSubscriber,
  StatusTemplate,
} from '@pagefree/db';

/** Status page rows as the console receives them. Dates are ISO 8601 strings. */

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function toPageView(page: StatusPage, statusSiteUrl: string) {
  return {
    id: page.id,
    teamId: page.team_id,
    slug: page.slug,
    name: page.name,
    description: page.description,
    visibility: page.visibility,
    timeZone: page.time_zone,
    frameAncestors: page.frame_ancestors,
    supportUrl: page.support_url,
    url: `${statusSiteUrl}/${page.slug}`,
    createdAt: page.created_at.toISOString(),
    updatedAt: page.updated_at.toISOString(),
  };
}

export function toSectionView(section: StatusSection) {
  return {
    id: section.id,
    pageId: section.page_id,
    name: section.name,
    position: section.position,
  };
}

export function toComponentView(component: StatusComponent, serviceIds: string[]) {
  return {
    id: component.id,
    pageId: component.page_id,
    sectionId: component.section_id,
    name: component.name,
    description: component.description,
    position: component.position,
    showUptime: component.show_uptime,
    serviceIds,
    createdAt: component.created_at.toISOString(),
    updatedAt: component.updated_at.toISOString(),
  };
}

export function toStatusIncidentView(
  incident: StatusIncident,
  extra: {
    components: { componentId: string; status: string }[];
    linkedIncidentIds: string[];
    updates: StatusIncidentUpdate[];
  },
) {
  return {
    id: incident.id,
    pageId: incident.page_id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    createdBy: incident.created_by,
    createdAt: incident.created_at.toISOString(),
    updatedAt: incident.updated_at.toISOString(),
    monitoringAt: iso(incident.monitoring_at),
    resolvedAt: iso(incident.resolved_at),
    components: extra.components,
    linkedIncidentIds: extra.linkedIncidentIds,
    updates: extra.updates.map((update) => ({
      id: update.id,
      status: update.status,
      body: update.body,
      createdBy: update.created_by,
      createdAt: update.created_at.toISOString(),
    })),
  };
}

export function toTemplateView(template: StatusTemplate) {
  return {
    id: template.id,
    pageId: template.page_id,
    name: template.name,
    title: template.title,
    body: template.body,
    status: template.status,
    updatedAt: template.updated_at.toISOString(),
  };
}

export function toMaintenanceView(maintenance: StatusMaintenance, componentIds: string[]) {
  return {
    id: maintenance.id,
    pageId: maintenance.page_id,
    title: maintenance.title,
    body: maintenance.body,
    timeZone: maintenance.time_zone,
    startsAt: maintenance.starts_at.toISOString(),
    endsAt: maintenance.ends_at.toISOString(),
    recurrence:
      maintenance.recurrence === 'none'
        ? null
        : {
            frequency: maintenance.recurrence,
            interval: maintenance.recurrence_interval,
            until: iso(maintenance.recurrence_until),
          },
    notifyMinutesBefore: maintenance.notify_minutes_before,
    state: maintenance.state,
    occurrenceStartsAt: maintenance.occurrence_starts_at.toISOString(),
    occurrenceEndsAt: maintenance.occurrence_ends_at.toISOString(),
    startedAt: iso(maintenance.started_at),
    completedAt: iso(maintenance.completed_at),
    componentIds,
    createdAt: maintenance.created_at.toISOString(),
    updatedAt: maintenance.updated_at.toISOString(),
  };
}

/** Subscriber as admins see it. Tokens, salts and webhook secrets never leave the database. */
export function toSubscriberView(subscriber: StatusSubscriber) {
  return {
    id: subscriber.id,
    pageId: subscriber.page_id,
    channel: subscriber.channel,
    email: subscriber.email,
    webhookUrl: subscriber.webhook_url,
    componentIds: subscriber.component_ids,
    state: subscriber.unsubscribed_at
      ? ('unsubscribed' as const)
      : subscriber.confirmed_at
        ? ('active' as const)
        : ('pending' as const),
    confirmedAt: iso(subscriber.confirmed_at),
    unsubscribedAt: iso(subscriber.unsubscribed_at),
    createdAt: subscriber.created_at.toISOString(),
  };
}
