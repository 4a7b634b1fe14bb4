import { type RotationSpec, shiftAt } from './rotation.ts';

export type OnCallSource = 'rotation' | 'override';

/** A time window in which `userId` replaces the rotation, as stored in `schedule_override`. */
export interface OverrideWindow {
  userId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface OnCallInput {
  /** The length of `participants` replaces `participantCount`. */
  rotation: RotationSpec;
  /** User ids in rotation order. */
  participants: string[];
  /** In creation order, oldest first: where overrides overlap, the one created last wins. */
  overrides: OverrideWindow[];
  at: Date;
}

/** An on-call user and the source of the assignment, over the half-open interval [from, until). */
export interface OnCallAssignment {
  /** Null when the rotation has no participants and no override applies. */
  userId: string | null;
  source: OnCallSource;
  from: Date;
  until: Date;
}

interface Window {
  fromMs: number;
  untilMs: number;
}

function covers(override: OverrideWindow, atMs: number): boolean {
  return override.startsAt.getTime() <= atMs && atMs < override.endsAt.getTime();
}

/**
 * Shrinks `window` around `atMs` to the part that none of `outranking` covers. The window
 * then ends where the first of them starts after `atMs`, and begins where the last of them
 * before `atMs` ended.
 */
function narrowWindow(window: Window, outranking: OverrideWindow[], atMs: number): Window {
  let { fromMs, untilMs } = window;
  for (const override of outranking) {
    const startMs = override.startsAt.getTime();
    const endMs = override.endsAt.getTime();
    if (startMs > atMs && startMs < untilMs) untilMs = startMs;
    if (endMs <= atMs && endMs > fromMs) fromMs = endMs;
  }
  return { fromMs, untilMs };
}

function toAssignment(
  userId: string | null,
  source: OnCallSource,
  window: Window,
): OnCallAssignment {
  return { userId, source, from: new Date(window.fromMs), until: new Date(window.untilMs) };
}

/**
 * Resolves who is on call at `at`. An override that covers `at` wins over the rotation, and
 * among overlapping overrides the one created last wins. `from` and `until` bound the
 * current assignment: a shift boundary, the end of the winning override, or the start or
 * end of an override that outranks it.
 *
 * @example
 * resolveOnCall({ rotation, participants: [aliceId, bobId], overrides: [], at: new Date() })
 */
export function resolveOnCall(input: OnCallInput): OnCallAssignment {
  const atMs = input.at.getTime();
  // The table rejects empty and inverted windows with a CHECK constraint. They are dropped
  // here as well, so that one passed in directly cannot cut another assignment short.
  const overrides = input.overrides.filter((override) => override.endsAt > override.startsAt);

  const winnerIndex = overrides.findLastIndex((override) => covers(override, atMs));
  const winner = overrides[winnerIndex];
  if (winner) {
    const window = { fromMs: winner.startsAt.getTime(), untilMs: winner.endsAt.getTime() };
    // Only overrides created after the winner outrank it, so only they can cut it short.
    const outranking = overrides.slice(winnerIndex + 1);
    return toAssignment(winner.userId, 'override', narrowWindow(window, outranking, atMs));
  }

  const shift = shiftAt(
    { ...input.rotation, participantCount: input.participants.length },
    input.at,
  );
  const userId = input.participants[shift.participantIndex] ?? null;
  const window = { fromMs: shift.start.getTime(), untilMs: shift.end.getTime() };
  return toAssignment(userId, 'rotation', narrowWindow(window, overrides, atMs));
}

/**
 * Resolves the assignment that follows the one at `input.at`, starting at its `until`. The
 * next assignment may name the same user, for example in a one-person rotation.
 */
export function nextOnCall(input: OnCallInput): OnCallAssignment {
  const current = resolveOnCall(input);
  return resolveOnCall({ ...input, at: current.until });
}
