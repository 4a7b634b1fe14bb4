import type { RouterInputs, RouterOutputs } from '../../../lib/trpc.ts';

export type TargetType = 'user' | 'schedule' | 'team';

export interface TargetDraft {
  /** Stable React key, because a target's id is empty until someone picks one. */
  key: string;
  type: TargetType;
  id: string;
}

export interface LevelDraft {
  /** Stable React key; levels have no id of their own because saving replaces them all. */
  key: string;
  delayMinutes: number;
  targets: TargetDraft[];
}

export interface PolicyDraft {
  name: string;
  description: string;
  repeatCount: number;
  levels: LevelDraft[];
}

let nextKey = 1;

export function newTarget(type: TargetType = 'user', id = ''): TargetDraft {
  return { key: `target-${nextKey++}`, type, id };
}

export function newLevel(): LevelDraft {
  return { key: `level-${nextKey++}`, delayMinutes: 5, targets: [newTarget()] };
}

export function emptyDraft(): PolicyDraft {
  return { name: '', description: '', repeatCount: 0, levels: [newLevel()] };
}

export function draftFromPolicy(policy: RouterOutputs['escalationPolicies']['get']): PolicyDraft {
  return {
    name: policy.name,
    description: policy.description,
    repeatCount: policy.repeatCount,
    levels: policy.levels.map((level) => ({
      key: `level-${nextKey++}`,
      delayMinutes: level.delayMinutes,
      targets: level.targets.map((target) => newTarget(target.type, target.id)),
    })),
  };
}

/** Returns the fields that `create` and `update` both take, leaving out targets without a choice. */
export function policyFields(
  draft: PolicyDraft,
): Omit<RouterInputs['escalationPolicies']['update'], 'policyId'> {
  return {
    name: draft.name,
    description: draft.description,
    repeatCount: draft.repeatCount,
    levels: draft.levels.map((level) => ({
      delayMinutes: level.delayMinutes,
      targets: level.targets
        .filter((target) => target.id !== '')
        .map((target) => ({ type: target.type, id: target.id })),
    })),
  };
}

/** Moves the item at `index` one place up (-1) or down (+1). */
export function move<T>(items: T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (target < 0 || target >= items.length) return items;
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}
