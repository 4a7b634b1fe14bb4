import type { CircuitEvent } from '@pagefree/contracts';
import type { Db } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { SYSTEM_ACTOR } from '../auth/principal.ts';

/**
 * Per-team circuit breaker for automatic runs, kept in the `runbook_circuit` table rather
 * than in opossum. Opossum keeps its state in one process's memory, but rules fire from any
 * worker process and the pause must survive restarts.
 *
 * Closed: every finished run (manual or automatic, not dry runs) of the team's incidents
 * counts. When at least MIN_RUNS of the last WINDOW_RUNS runs within WINDOW_MS finished, and
 * more than half of them FAILED or TIMED_OUT, the circuit opens. Open: automatic triggers
 * are skipped (recorded as CANCELLED runs) until the cool-down ends; manual runs still go.
 * Then it closes, and only runs finished after that count again.
 */
const WINDOW_RUNS = 10;
const MIN_RUNS = 4;
const WINDOW_MS = 60 * 60 * 1000;

/**
 * Counts a finished run for its team and opens the team's circuit when the recent failure
 * rate calls for it. Call it in the transaction that finished the run; publish the returned
 * event after the commit.
 */
export async function recordRunForCircuit(
  trx: Db,
  teamId: string,
  now: Date,
  cooldownSeconds: number,
): Promise<CircuitEvent | null> {
  await trx
    .insertInto('runbook_circuit')
    .values({ team_id: teamId, state: 'closed', window_start: new Date(0), updated_at: now })
    .onConflict((conflict) => conflict.column('team_id').doNothing())
    .execute();
  const circuit = await trx
    .selectFrom('runbook_circuit')
    .selectAll()
    .where('team_id', '=', teamId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (circuit.state === 'open') return null;

  const since = new Date(Math.max(circuit.window_start.getTime(), now.getTime() - WINDOW_MS));
  const recent = await trx
    .selectFrom('runbook_execution')
    .select('status')
    .where('team_id', '=', teamId)
    .where('dry_run', '=', false)
    .where('finished_at', '>=', since)
    .where('status', 'in', ['SUCCEEDED', 'FAILED', 'TIMED_OUT'])
    .orderBy('finished_at', 'desc')
    .limit(WINDOW_RUNS)
    .execute();
  const failures = recent.filter((run) => run.status !== 'SUCCEEDED').length;
  if (recent.length < MIN_RUNS || failures * 2 <= recent.length) return null;

  const openUntil = new Date(now.getTime() + cooldownSeconds * 1000);
  await trx
    .updateTable('runbook_circuit')
    .set({
      state: 'open',
      opened_at: now,
      open_until: openUntil,
      failures,
      runs: recent.length,
      updated_at: now,
    })
    .where('team_id', '=', teamId)
    .execute();
  await recordAuditEvent(trx, SYSTEM_ACTOR, {
    action: 'runbook.circuit_opened',
    resourceType: 'team',
    resourceId: teamId,
    teamId,
    metadata: { failures, runs: recent.length, cooldownSeconds },
  });
  return {
    teamId,
    state: 'open',
    openUntil: openUntil.toISOString(),
    failures,
    runs: recent.length,
    at: now.toISOString(),
  };
}

/** Returns the end of the team's pause, or null when automatic runs may go. */
export async function circuitOpenUntil(db: Db, teamId: string, now: Date): Promise<Date | null> {
  const circuit = await db
    .selectFrom('runbook_circuit')
    .select(['state', 'open_until'])
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  if (!circuit || circuit.state !== 'open' || !circuit.open_until) return null;
  return circuit.open_until > now ? circuit.open_until : null;
}

/** Closes every circuit whose cool-down has ended, and returns the events to publish. */
export async function closeExpiredCircuits(db: Db, now: Date): Promise<CircuitEvent[]> {
  const closed = await db
    .updateTable('runbook_circuit')
    .set({ state: 'closed', window_start: now, open_until: null, updated_at: now })
    .where('state', '=', 'open')
    .where('open_until', '<=', now)
    .returning(['team_id', 'failures', 'runs'])
    .execute();
  for (const circuit of closed) {
    await recordAuditEvent(db, SYSTEM_ACTOR, {
      action: 'runbook.circuit_closed',
      resourceType: 'team',
      resourceId: circuit.team_id,
      teamId: circuit.team_id,
    });
  }
  return closed.map((circuit) => ({
    teamId: circuit.team_id,
    state: 'closed',
    openUntil: null,
    failures: circuit.failures,
    runs: circuit.runs,
    at: now.toISOString(),
  }));
}

export interface CircuitView {
  teamId: string;
  state: 'open' | 'closed';
  openedAt: string | null;
  openUntil: string | null;
  failures: number;
  runs: number;
}

/** Loads the team's circuit as the console shows it: closed when the team never had one. */
export async function loadCircuit(db: Db, teamId: string, now: Date): Promise<CircuitView> {
  const circuit = await db
    .selectFrom('runbook_circuit')
    .selectAll()
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  const open = circuit?.state === 'open' && circuit.open_until !== null && circuit.open_until > now;
  return {
    teamId,
    state: open ? 'open' : 'closed',
    openedAt: open ? (circuit?.opened_at?.toISOString() ?? null) : null,
    openUntil: open ? (circuit?.open_until?.toISOString() ?? null) : null,
    failures: circuit?.failures ?? 0,
    runs: circuit?.runs ?? 0,
  };
}
