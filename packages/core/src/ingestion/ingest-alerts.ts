import type { IncidentEventName } from '@pagefree/contracts';
import { type Db, type Integration, type Service, withTransaction } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { sql } from 'kysely';
import type { ActorRef } from '../auth/principal.ts';
import type { IncidentEventPublisher } from '../events/incident-events.ts';
import { selectIncidentSummaries, toIncidentSummary } from '../incidents/incident-summary.ts';
import { recordIncidentEvent } from '../incidents/record-incident-event.ts';
import { markAcknowledged, markResolved } from '../incidents/transitions.ts';
import { enqueueEscalationStep, type PagingQueues } from '../queues/paging-queues.ts';
import { withTimeout } from '../runtime/redis.ts';
import type { Clock } from '../shared/clock.ts';
import type { NormalizedAlert } from './normalized-alert.ts';
import { incidentPriority } from './priority.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
  queues: PagingQueues;
  events: IncidentEventPublisher;
  logger: Logger;
}

export interface IngestRequest {
  integration: Integration;
  alerts: NormalizedAlert[];
  ip: string | null;
  bodyBytes: number;
}

export interface IngestedAlert {
  alertId: string;
  dedupKey: string;
  action: NormalizedAlert['action'];
  /** The incident the alert opened, joined, acknowledged or resolved; null if none was open. */
  incidentId: string | null;
  incidentNumber: number | null;
  /** True when this alert opened the incident. */
  opened: boolean;
}

export interface IngestResult {
  deliveryId: string;
  alerts: IngestedAlert[];
}

interface IncidentChange {
  event: IncidentEventName;
  startEscalation: boolean;
}

/**
 * Stores a webhook's alerts and applies them to incidents in one transaction, then queues
 * paging. The caller answers 2xx only after this returns: by then every alert is committed.
 *
 * Queueing happens after the commit and may fail (Redis down); the incident already
 * records `next_escalation_at`, so the worker's sweeper pages it anyway.
 */
export async function ingestAlerts(
  deps: IngestDeps,
  request: IngestRequest,
): Promise<IngestResult> {
  const now = deps.clock.now();
  const actor: ActorRef = { type: 'integration', id: request.integration.id, ip: request.ip };
  const changes = new Map<string, IncidentChange>();

  const result = await withTransaction(deps.db, async (trx) => {
    // Incidents first, then the delivery (which lists them) and every alert in one insert:
    // the fewest round trips while all of it commits or none of it does.
    const services = new ServiceResolver(trx, request.integration);
    const resolved: Array<{ alert: NormalizedAlert; service: ApplyInput['service'] }> = [];
    for (const alert of request.alerts) {
      resolved.push({ alert, service: await services.resolve(alert.serviceHint) });
    }

    // Incident rows are locked in (service, dedup key) order, so two deliveries that touch
    // the same incidents in opposite orders cannot deadlock. The sort is stable, so alerts
    // of one key keep their order; a run of triggers for one key is counted in one update.
    const keyOf = (index: number) =>
      `${resolved[index]!.service.id}\u0000${resolved[index]!.alert.dedupKey}`;
    const order = resolved
      .map((_, index) => index)
      .sort((a, b) => compareCodeUnits(keyOf(a), keyOf(b)) || a - b);
    const outcomes: Array<{ incidentId: string | null; opened: boolean }> = [];
    for (let start = 0; start < order.length; ) {
      const first = resolved[order[start]!]!;
      let end = start + 1;
      while (
        first.alert.action === 'trigger' &&
        end < order.length &&
        keyOf(order[end]!) === keyOf(order[start]!) &&
        resolved[order[end]!]!.alert.action === 'trigger'
      ) {
        end += 1;
      }
      const outcome = await applyAlert(trx, {
        alert: first.alert,
        service: first.service,
        count: end - start,
        actor,
        now,
        changes,
      });
      for (let position = start; position < end; position += 1) {
        outcomes[order[position]!] = {
          incidentId: outcome.incidentId,
          opened: position === start && outcome.opened,
        };
      }
      start = end;
    }
    const applied = resolved.map(({ alert, service }, index) => ({
      alert,
      serviceId: service.id,
      ...outcomes[index]!,
    }));

    const incidentIds = [
      ...new Set(applied.flatMap((item) => (item.incidentId ? [item.incidentId] : []))),
    ];
    const delivery = await trx
      .insertInto('inbound_delivery')
      .values({
        integration_id: request.integration.id,
        format: request.integration.format,
        outcome: 'accepted',
        http_status: 202,
        ip: request.ip,
        body_bytes: request.bodyBytes,
        alert_count: request.alerts.length,
        incident_ids: incidentIds,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const stored = await trx
      .insertInto('alert')
      .values(
        applied.map(({ alert, serviceId, incidentId }) => ({
          incident_id: incidentId,
          integration_id: request.integration.id,
          delivery_id: delivery.id,
          service_id: serviceId,
          dedup_key: alert.dedupKey,
          action: alert.action,
          summary: alert.summary,
          severity: alert.severity,
          source: alert.source,
          links: JSON.stringify(alert.links),
          payload: JSON.stringify(alert.payload ?? null),
          received_at: now,
        })),
      )
      .returning('id')
      .execute();

    const ingested: IngestedAlert[] = applied.map(({ alert, incidentId, opened }, index) => ({
      alertId: stored[index]!.id,
      dedupKey: alert.dedupKey,
      action: alert.action,
      incidentId,
      opened,
      incidentNumber: null,
    }));
    return { deliveryId: delivery.id, alerts: ingested };
  });

  await announceChanges(deps, changes, result, now);
  return result;
}

async function announceChanges(
  deps: IngestDeps,
  changes: Map<string, IncidentChange>,
  result: IngestResult,
  now: Date,
) {
  if (changes.size === 0) return;
  const rows = await selectIncidentSummaries(deps.db)
    .where('incident.id', 'in', [...changes.keys()])
    .execute();
  const numbers = new Map(rows.map((row) => [row.id, Number(row.number)]));
  for (const alert of result.alerts) {
    alert.incidentNumber = alert.incidentId ? (numbers.get(alert.incidentId) ?? null) : null;
  }

  for (const [incidentId, change] of changes) {
    if (!change.startEscalation) continue;
    try {
      await withTimeout(
        enqueueEscalationStep(deps.queues, { incidentId, step: 0 }, now, now),
        2_000,
        'Queueing escalation',
      );
    } catch (error) {
      deps.logger.warn(
        { err: error, incidentId },
        'Queueing the first escalation step failed; the sweeper will page',
      );
    }
  }
  for (const row of rows) {
    deps.events.publish(changes.get(row.id)!.event, toIncidentSummary(row));
  }
}

interface ApplyInput {
  alert: NormalizedAlert;
  /** How many identical-key triggers this application stands for. */
  count: number;
  service: Pick<Service, 'id' | 'team_id' | 'escalation_policy_id'> & {
    default_policy_id: string | null;
  };
  actor: ActorRef;
  now: Date;
  changes: Map<string, IncidentChange>;
}

async function applyAlert(
  trx: Db,
  input: ApplyInput,
): Promise<{ incidentId: string | null; opened: boolean }> {
  const { alert, service, count, actor, now, changes } = input;

  if (alert.action === 'trigger') {
    // A repeat of an open incident is the common case in a storm: count it with a plain
    // update, so no incident number is drawn from the sequence for it.
    const repeated = await trx
      .updateTable('incident')
      .set((eb) => ({
        alert_count: eb('alert_count', '+', count),
        last_alert_at: now,
        updated_at: now,
      }))
      .where('service_id', '=', service.id)
      .where('dedup_key', '=', alert.dedupKey)
      .where('status', '<>', 'resolved')
      .returning('id')
      .executeTakeFirst();
    if (repeated) {
      if (!changes.has(repeated.id)) {
        changes.set(repeated.id, { event: 'incident.updated', startEscalation: false });
      }
      return { incidentId: repeated.id, opened: false };
    }

    const policyId = service.escalation_policy_id ?? service.default_policy_id;
    const row = await trx
      .insertInto('incident')
      .values({
        service_id: service.id,
        team_id: service.team_id,
        dedup_key: alert.dedupKey,
        title: alert.summary,
        description: alert.description,
        severity: alert.severity,
        priority: incidentPriority(alert.severity, alert.priority),
        status: 'triggered',
        alert_count: count,
        links: JSON.stringify(alert.links),
        escalation_policy_id: policyId,
        next_escalation_at: policyId ? now : null,
        created_at: now,
        updated_at: now,
        last_alert_at: now,
      })
      // Two first alerts racing past the update above meet here: the unique index lets
      // one insert and turns the other into a count update on the same incident.
      .onConflict((conflict) =>
        conflict
          .columns(['service_id', 'dedup_key'])
          .where('status', '<>', 'resolved')
          .doUpdateSet((eb) => ({
            alert_count: eb('incident.alert_count', '+', count),
            last_alert_at: now,
            updated_at: now,
          })),
      )
      // xmax is 0 only on a freshly inserted row version, which tells insert from update.
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .executeTakeFirstOrThrow();

    if (row.inserted) {
      await recordIncidentEvent(trx, row.id, 'triggered', actor, { dedupKey: alert.dedupKey });
      changes.set(row.id, { event: 'incident.created', startEscalation: policyId !== null });
    } else if (!changes.has(row.id)) {
      changes.set(row.id, { event: 'incident.updated', startEscalation: false });
    }
    return { incidentId: row.id, opened: row.inserted };
  }

  const open = await trx
    .selectFrom('incident')
    .select('id')
    .where('service_id', '=', service.id)
    .where('dedup_key', '=', alert.dedupKey)
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  if (!open) {
    // Nothing open: a resolve for an incident someone already resolved, or for an alert
    // we never saw. The alert is still stored, linked to the incident an earlier alert of
    // this delivery closed, if any (an Alertmanager group resolves with several alerts).
    return {
      incidentId: await findChangedIncident(trx, changes, service.id, alert.dedupKey),
      opened: false,
    };
  }

  const by = { actor, userId: null };
  if (alert.action === 'acknowledge') {
    if (await markAcknowledged(trx, open.id, by, now)) {
      changes.set(open.id, { event: 'incident.acknowledged', startEscalation: false });
    }
  } else if (await markResolved(trx, open.id, by, now)) {
    changes.set(open.id, { event: 'incident.resolved', startEscalation: false });
  }
  return { incidentId: open.id, opened: false };
}

/** An incident this delivery already resolved under the same dedup key, if any. */
async function findChangedIncident(
  trx: Db,
  changes: Map<string, IncidentChange>,
  serviceId: string,
  dedupKey: string,
) {
  const ids = [...changes.keys()];
  if (ids.length === 0) return null;
  const row = await trx
    .selectFrom('incident')
    .select('id')
    .where('id', 'in', ids)
    .where('service_id', '=', serviceId)
    .where('dedup_key', '=', dedupKey)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Finds the service an alert belongs to: a service of the same team whose routing key
 * matches the payload's service hint (e.g. Alertmanager's `service` label), else the
 * integration's own service. Hints never route across teams, so one team's monitoring
 * cannot open incidents for another.
 */
class ServiceResolver {
  private readonly cache = new Map<string, ApplyInput['service']>();
  private readonly trx: Db;
  private readonly integration: Integration;

  constructor(trx: Db, integration: Integration) {
    this.trx = trx;
    this.integration = integration;
  }

  async resolve(hint: string | null): Promise<ApplyInput['service']> {
    const cacheKey = hint ?? '';
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;

    // One query returns the integration's own service and, when the hint names a service
    // of the same team, that service too.
    const ownId = this.integration.service_id;
    const rows = await this.trx
      .selectFrom('service')
      .innerJoin('team', 'team.id', 'service.team_id')
      .select([
        'service.id',
        'service.team_id',
        'service.escalation_policy_id',
        'team.default_escalation_policy_id as default_policy_id',
      ])
      .where((eb) =>
        eb.or([
          eb('service.id', '=', ownId),
          eb.and([
            eb('service.routing_key', '=', hint ?? ''),
            eb(
              'service.team_id',
              '=',
              eb.selectFrom('service as own').select('own.team_id').where('own.id', '=', ownId),
            ),
          ]),
        ]),
      )
      .execute();
    const own = rows.find((row) => row.id === ownId);
    if (!own) throw new Error(`Integration ${this.integration.id} points at a missing service`);
    const service = rows.find((row) => row.id !== ownId) ?? own;
    this.cache.set(cacheKey, service);
    return service;
  }
}

/**
 * Orders strings by UTF-16 code units. `localeCompare` calls some distinct strings equal
 * ('k' and 'k\u200b'), which would let two deliveries lock the same rows in opposite orders.
 */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
