import { type Db, withTransaction } from '@pagefree/db';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import { recordIncidentEvent } from '../incidents/record-incident-event.ts';
import { createNotifications } from '../notifications/create-notifications.ts';
import type { EscalationJobData } from '../queues/queue-names.ts';
import { resolveLevelUsers } from './resolve-targets.ts';

export interface EscalationStepOutcome {
  /** False when the job was stale: the incident moved on, was acknowledged or resolved. */
  ran: boolean;
  notificationIds: string[];
  /** The next step to schedule, or null when the policy is exhausted or stopped. */
  next: { step: number; runAt: Date } | null;
}

const STALE: EscalationStepOutcome = { ran: false, notificationIds: [], next: null };

/**
 * Runs one escalation step: pages the current level, then advances the incident to the
 * next level (wrapping to the first while repeats remain) and records when that is due.
 *
 * The incident row is the state machine and is locked for the step, so a duplicate job,
 * a job from before a restart, or a job racing an acknowledge finds `escalation_step`
 * moved on or the incident no longer triggered, and does nothing.
 */
export async function runEscalationStep(
  db: Db,
  job: EscalationJobData,
  now: Date,
): Promise<EscalationStepOutcome> {
  return withTransaction(db, async (trx) => {
    const incident = await trx
      .selectFrom('incident')
      .select([
        'id',
        'team_id',
        'status',
        'escalation_policy_id',
        'escalation_step',
        'escalation_level',
        'escalation_cycle',
        'next_escalation_at',
        'assignee_id',
      ])
      .where('id', '=', job.incidentId)
      .forUpdate()
      .executeTakeFirst();
    if (
      !incident ||
      incident.status !== 'triggered' ||
      incident.escalation_step !== job.step ||
      incident.next_escalation_at === null
    ) {
      return STALE;
    }

    const policy = incident.escalation_policy_id
      ? await trx
          .selectFrom('escalation_policy')
          .select(['id', 'repeat_count'])
          .where('id', '=', incident.escalation_policy_id)
          .executeTakeFirst()
      : undefined;
    const levels = policy
      ? await trx
          .selectFrom('escalation_level')
          .select(['id', 'position', 'delay_minutes'])
          .where('policy_id', '=', policy.id)
          .orderBy('position')
          .execute()
      : [];
    // A policy edited while the incident escalates may now have fewer levels than the
    // incident's position; paging continues at the last remaining level instead of stopping.
    const levelIndex = Math.min(incident.escalation_level, levels.length - 1);
    const level = levels[levelIndex];
    if (!policy || !level) {
      await stopEscalation(trx, incident.id, job.step, now);
      await recordIncidentEvent(trx, incident.id, 'escalation_no_targets', SYSTEM_ACTOR, {
        reason: 'no_policy_levels',
      });
      return { ran: true, notificationIds: [], next: null };
    }

    const userIds = await resolveLevelUsers(trx, level.id, incident.team_id, now);
    const created = await createNotifications(trx, incident.id, userIds, `escalation:${job.step}`);
    const levelNumber = levelIndex + 1;
    if (userIds.length === 0) {
      await recordIncidentEvent(trx, incident.id, 'escalation_no_targets', SYSTEM_ACTOR, {
        level: levelNumber,
        reason: 'nobody_on_call',
      });
    } else {
      await recordIncidentEvent(trx, incident.id, 'escalated', SYSTEM_ACTOR, {
        level: levelNumber,
        cycle: incident.escalation_cycle,
        userIds,
        unreachableUserIds: created.unreachableUserIds,
      });
    }

    let nextLevel = levelIndex + 1;
    let nextCycle = incident.escalation_cycle;
    if (nextLevel >= levels.length) {
      nextLevel = 0;
      nextCycle += 1;
    }
    const exhausted = nextCycle > policy.repeat_count;
    const runAt = new Date(now.getTime() + level.delay_minutes * 60_000);

    await trx
      .updateTable('incident')
      .set({
        escalation_step: job.step + 1,
        escalation_level: exhausted ? levelIndex : nextLevel,
        escalation_cycle: nextCycle,
        next_escalation_at: exhausted ? null : runAt,
        assignee_id: incident.assignee_id ?? userIds[0] ?? null,
        updated_at: now,
      })
      .where('id', '=', incident.id)
      .execute();
    if (exhausted) {
      await recordIncidentEvent(trx, incident.id, 'escalation_exhausted', SYSTEM_ACTOR, {
        repeats: policy.repeat_count,
      });
    }

    return {
      ran: true,
      notificationIds: created.notificationIds,
      next: exhausted ? null : { step: job.step + 1, runAt },
    };
  });
}

async function stopEscalation(trx: Db, incidentId: string, step: number, now: Date): Promise<void> {
  await trx
    .updateTable('incident')
    .set({ escalation_step: step + 1, next_escalation_at: null, updated_at: now })
    .where('id', '=', incidentId)
    .execute();
}
