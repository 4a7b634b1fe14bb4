import { type RunReport, runReportSchema } from '@pagefree/contracts';
import { storeRunReport } from '@pagefree/core/runbooks/store-run-report';
import type { RunbookWorkerDeps } from '@pagefree/core/runbooks/worker-deps';
import type { Job } from 'bullmq';

/**
 * Stores one report from the runbook runner. A report that does not parse is logged and
 * dropped, since retrying cannot fix it; a storage failure throws, so BullMQ retries it.
 */
export function createRunbookResultsProcessor(deps: RunbookWorkerDeps) {
  return async (job: Job<RunReport>) => {
    const parsed = runReportSchema.safeParse(job.data);
    if (!parsed.success) {
      deps.logger.error(
        { jobId: job.id, problem: parsed.error.issues[0]?.message },
        'Invalid runbook report dropped',
      );
      return { stored: false };
    }
    await storeRunReport(
      {
        ...deps,
        logger: deps.logger.child({ jobId: job.id, executionId: parsed.data.executionId }),
      },
      parsed.data,
    );
    return { stored: true };
  };
}
