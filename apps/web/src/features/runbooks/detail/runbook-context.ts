import { useOutletContext } from 'react-router';
import type { RouterOutputs } from '../../../lib/trpc.ts';

export type RunbookDetail = RouterOutputs['runbooks']['get'];

export interface RunbookContext {
  runbook: RunbookDetail;
  /** Whether the user may save drafts, set secrets and start dry runs of this runbook. */
  canEdit: boolean;
}

/** Returns the runbook the detail page loaded, for its tabs. */
export function useRunbookContext(): RunbookContext {
  return useOutletContext<RunbookContext>();
}
