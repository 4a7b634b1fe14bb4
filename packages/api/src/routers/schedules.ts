import { createSchedule } from '@pagefree/core/schedules/create-schedule';
import { getSchedule, listSchedules } from '@pagefree/core/schedules/list-schedules';
import { createOverride, deleteOverride } from '@pagefree/core/schedules/overrides';
import { createOverrideInput, createScheduleInput } from '@pagefree/core/schedules/schemas';
import { listUpcomingShifts, MAX_UPCOMING_DAYS } from '@pagefree/core/schedules/upcoming-shifts';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });

export const schedulesRouter = router({
  list: read.input(z.object({ teamId: z.uuid().optional() }).default({})).query(({ ctx, input }) =>
    listSchedules(ctx.deps.db, ctx.principal, {
      teamId: input.teamId,
      now: ctx.deps.clock.now(),
    }),
  ),
  get: read.input(z.object({ scheduleId: z.uuid() })).query(({ ctx, input }) =>
    getSchedule(ctx.deps.db, ctx.principal, {
      scheduleId: input.scheduleId,
      now: ctx.deps.clock.now(),
    }),
  ),
  /** The caller's own shifts across their teams' schedules, from the current one onwards. */
  myShifts: read
    .input(
      z
        .object({ days: z.number().int().min(1).max(MAX_UPCOMING_DAYS).default(14) })
        .default({ days: 14 }),
    )
    .query(({ ctx, input }) =>
      listUpcomingShifts(ctx.deps.db, ctx.principal, {
        now: ctx.deps.clock.now(),
        days: input.days,
      }),
    ),
  create: write
    .input(createScheduleInput)
    .mutation(({ ctx, input }) => createSchedule(ctx.deps, callerOf(ctx), input)),
  createOverride: write
    .input(createOverrideInput)
    .mutation(({ ctx, input }) => createOverride(ctx.deps, callerOf(ctx), input)),
  deleteOverride: write
    .input(z.object({ overrideId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await deleteOverride(ctx.deps, callerOf(ctx), input);
      return { ok: true };
    }),
});
