import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { validateHandoffTime, validateTimeZone } from './rotation.ts';

/** Longest override accepted, in days. */
export const MAX_OVERRIDE_DAYS = 90;

/** Max participants in one rotation. It bounds the request size and is not a product rule. */
export const MAX_PARTICIPANTS = 100;

const MAX_OVERRIDE_MS = MAX_OVERRIDE_DAYS * 86_400_000;

function uuidField(field: string, what: string) {
  return z.uuid({ error: `${field} must be the UUID of ${what}.` });
}

function offsetDateTimeField(field: string) {
  return z.iso
    .datetime({
      offset: true,
      error: `${field} must be an ISO 8601 date-time with seconds and a UTC offset, such as '2026-03-08T09:00:00-05:00' or '2026-03-08T14:00:00Z'.`,
    })
    .transform((value) => new Date(value));
}

/** Input for creating a schedule with one rotation. */
export const createScheduleInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'name is required: enter a name for the schedule.' })
    .max(100, { error: 'name is too long: use at most 100 characters.' }),
  teamId: uuidField('teamId', 'the team that owns the schedule'),
  timeZone: z
    .string()
    .refine(validateTimeZone, {
      error: (issue) =>
        `timeZone ${JSON.stringify(issue.input)} is not an IANA time zone name: use one such as 'America/New_York' or 'Europe/Berlin'.`,
    })
    // Store the zone with its canonical capitalization, so 'europe/berlin' is shown as 'Europe/Berlin'.
    .transform(
      (value) => Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value).timeZoneId,
    ),
  rotationType: z.enum(['daily', 'weekly'], { error: "rotationType must be 'daily' or 'weekly'." }),
  shiftLength: z
    .number({ error: 'shiftLength must be a number of days or weeks from 1 to 52.' })
    .int({ error: 'shiftLength must be a whole number of days or weeks.' })
    .min(1, { error: 'shiftLength must be at least 1.' })
    .max(52, { error: 'shiftLength must be at most 52.' }),
  handoffTime: z.string().refine(validateHandoffTime, {
    error: "handoffTime must be a 24-hour local time 'HH:MM', such as '09:00'.",
  }),
  rotationStartDate: z.iso
    .date({
      error: "rotationStartDate must be a valid calendar date 'YYYY-MM-DD', such as '2026-03-02'.",
    })
    .refine((date) => date >= '2000-01-01' && date <= '2099-12-31', {
      error:
        'rotationStartDate must be between 2000-01-01 and 2099-12-31; use the first handoff date.',
    }),
  participantIds: z
    .array(uuidField('participantIds', 'a user'), {
      error: 'participantIds must be an array of user UUIDs in rotation order.',
    })
    .min(1, { error: 'participantIds is empty: add at least one user to the rotation.' })
    .max(MAX_PARTICIPANTS, {
      error: `participantIds has too many users: use at most ${MAX_PARTICIPANTS}.`,
    })
    .refine((ids) => new Set(ids).size === ids.length, {
      error: 'participantIds lists a user twice: list each user once, in rotation order.',
    }),
});
export type CreateScheduleInput = z.infer<typeof createScheduleInput>;

/**
 * Returns the override's length in milliseconds, or null when a date-time failed to parse.
 * Zod runs object refinements even after a field failed, and the failed field then still
 * contains the raw string, so the checks below skip instead of reporting a second error.
 */
function overrideLengthMs(input: { startsAt: unknown; endsAt: unknown }): number | null {
  if (!(input.startsAt instanceof Date) || !(input.endsAt instanceof Date)) return null;
  return input.endsAt.getTime() - input.startsAt.getTime();
}

/** Input for creating an override: `userId` is on call instead of the rotation for the window. */
export const createOverrideInput = z
  .object({
    scheduleId: uuidField('scheduleId', 'the schedule'),
    userId: uuidField('userId', 'the user who takes over'),
    startsAt: offsetDateTimeField('startsAt'),
    endsAt: offsetDateTimeField('endsAt'),
  })
  .refine((input) => (overrideLengthMs(input) ?? 1) > 0, {
    path: ['endsAt'],
    error: 'endsAt must be after startsAt: move endsAt later or startsAt earlier.',
  })
  .refine((input) => (overrideLengthMs(input) ?? 0) <= MAX_OVERRIDE_MS, {
    path: ['endsAt'],
    error: `The override is longer than ${MAX_OVERRIDE_DAYS} days: move endsAt to at most ${MAX_OVERRIDE_DAYS} days after startsAt.`,
  });
export type CreateOverrideInput = z.infer<typeof createOverrideInput>;
