import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { ExecutionLive } from '../executions/ExecutionLive.tsx';
import { ParameterFields } from '../parameters/ParameterFields.tsx';
import {
  initialParameterValues,
  type ParameterValues,
  parameterErrorFromServer,
  planParameterForm,
  readParameters,
} from '../parameters/parameter-form.ts';
import type { RunbookDetail } from './runbook-context.ts';

type Version = RouterOutputs['runbooks']['version'];

/** Past incidents offered as a dry run's context, newest open ones first. */
const INCIDENT_CHOICES = 50;

/**
 * Runs any version, drafts included, against a chosen past incident in the sandbox. A dry
 * run gets no secrets and may only send GET and HEAD requests, so authors can test a draft
 * before asking for approval.
 */
export function DryRunForm({ runbook }: { runbook: RunbookDetail }) {
  const trpc = useTRPC();
  const [versionId, setVersionId] = useState(runbook.latestVersion.id);
  const version = useQuery(trpc.runbooks.version.queryOptions({ versionId }));

  return (
    <section className="card dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Dry run</h2>
      <p className="muted small">
        Runs a version in the sandbox with a past incident's context, without secrets and with only
        GET and HEAD requests. It is not retried and does not count towards the team's circuit
        breaker.
      </p>
      <Field label="Version">
        <select value={versionId} onChange={(event) => setVersionId(event.target.value)}>
          {runbook.versions.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              v{candidate.version} ({candidate.status.toLowerCase()})
            </option>
          ))}
        </select>
      </Field>
      {version.isPending ? (
        <LoadingState label="Loading the version…" />
      ) : version.isError ? (
        <ErrorState error={version.error} onRetry={() => version.refetch()} />
      ) : (
        <DryRunFields key={version.data.id} runbook={runbook} version={version.data} />
      )}
    </section>
  );
}

function DryRunFields({ runbook, version }: { runbook: RunbookDetail; version: Version }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const incidents = useQuery(
    trpc.incidents.list.queryOptions({
      limit: INCIDENT_CHOICES,
      ...(runbook.teamId ? { teamId: runbook.teamId } : {}),
    }),
  );
  const [incidentId, setIncidentId] = useState('');
  const plan = useMemo(() => planParameterForm(version.parametersSchema), [version]);
  const [values, setValues] = useState<ParameterValues>(() =>
    initialParameterValues(plan, version.parametersSchema),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [executionId, setExecutionId] = useState<string | null>(null);

  const dryRun = useMutation(
    trpc.runbooks.dryRun.mutationOptions({
      onSuccess: (execution) => {
        setExecutionId(execution.id);
        void queryClient.invalidateQueries(trpc.runbooks.executions.pathFilter());
      },
      onError: (error) => {
        if (errorField(error) === 'parameters') {
          setErrors(parameterErrorFromServer(plan, errorMessage(error)));
        }
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readParameters(plan, values);
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    dryRun.mutate({ versionId: version.id, incidentId, parameters: read.parameters });
  }

  const field = errorField(dryRun.error);
  return (
    <>
      <form noValidate onSubmit={submit} aria-label="Dry run">
        <Field
          label="Past incident"
          hint="The run receives this incident and its latest alert as input."
          error={field === 'incidentId' ? errorMessage(dryRun.error) : null}
        >
          <select
            required
            value={incidentId}
            disabled={incidents.isPending}
            onChange={(event) => setIncidentId(event.target.value)}
          >
            <option value="">
              {incidents.isPending
                ? 'Loading incidents…'
                : incidents.data?.items.length
                  ? 'Choose an incident'
                  : 'No incidents to test against yet'}
            </option>
            {incidents.data?.items.map((incident) => (
              <option key={incident.id} value={incident.id}>
                #{incident.number} {incident.title} ({incident.status})
              </option>
            ))}
          </select>
        </Field>
        <ParameterFields
          plan={plan}
          values={values}
          onChange={setValues}
          errors={errors}
          disabled={dryRun.isPending}
        />
        {dryRun.error && field !== 'parameters' && field !== 'incidentId' ? (
          <InlineError error={dryRun.error} />
        ) : null}
        <InlineError error={incidents.error} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={dryRun.isPending || !incidentId}
          >
            {dryRun.isPending ? 'Starting…' : `Dry-run v${version.version}`}
          </button>
        </div>
      </form>
      {executionId ? (
        <div className="dry-run-result">
          <ExecutionLive executionId={executionId} headingLevel={3} />
        </div>
      ) : null}
    </>
  );
}
