import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { ParameterFields } from '../parameters/ParameterFields.tsx';
import {
  initialParameterValues,
  type ParameterValues,
  parameterErrorFromServer,
  planParameterForm,
  readParameters,
} from '../parameters/parameter-form.ts';
import { useDirectory } from '../use-directory.ts';

type Confirmation = RouterOutputs['runbooks']['prepareRun'];
type Version = RouterOutputs['runbooks']['version'];

/**
 * Starts a runbook on an incident in two steps: choose an approved runbook and fill the
 * parameter form generated from its schema, then confirm the exact version and parameters
 * the server validated. Only the confirmed version runs.
 */
export function RunRunbookPanel({
  incidentId,
  onStarted,
  onCancel,
}: {
  incidentId: string;
  onStarted: (executionId: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const runnable = useQuery(trpc.runbooks.runnable.queryOptions({ incidentId }));
  const [runbookId, setRunbookId] = useState('');
  const selected = runnable.data?.find((runbook) => runbook.id === runbookId);
  const versionId = selected?.approvedVersion?.id;
  const version = useQuery(
    trpc.runbooks.version.queryOptions(versionId ? { versionId } : skipToken),
  );

  if (runnable.isPending) return <LoadingState label="Loading approved runbooks…" />;
  if (runnable.isError) {
    return <ErrorState error={runnable.error} onRetry={() => runnable.refetch()} />;
  }
  if (runnable.data.length === 0) {
    return (
      <EmptyState title="No approved runbook can run on this incident.">
        <p>
          A runbook runs once a platform admin approved a version of it, and only on incidents of
          its team (or any team, for a global runbook).
        </p>
        <button type="button" className="button" onClick={onCancel}>
          Close
        </button>
      </EmptyState>
    );
  }

  return (
    <div className="card run-panel">
      <Field label="Runbook" hint="Approved runbooks of this incident's team, and global ones.">
        <select value={runbookId} onChange={(event) => setRunbookId(event.target.value)}>
          <option value="">Choose a runbook</option>
          {runnable.data.map((runbook) => (
            <option key={runbook.id} value={runbook.id}>
              {runbook.name} (v{runbook.approvedVersion?.version})
            </option>
          ))}
        </select>
      </Field>
      {!versionId ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : version.isPending ? (
        <LoadingState label="Loading the approved version…" />
      ) : version.isError ? (
        <ErrorState error={version.error} onRetry={() => version.refetch()} />
      ) : (
        <RunForm
          key={version.data.id}
          incidentId={incidentId}
          version={version.data}
          onStarted={onStarted}
          onCancel={onCancel}
        />
      )}
    </div>
  );
}

function RunForm({
  incidentId,
  version,
  onStarted,
  onCancel,
}: {
  incidentId: string;
  version: Version;
  onStarted: (executionId: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const plan = useMemo(() => planParameterForm(version.parametersSchema), [version]);
  const [values, setValues] = useState<ParameterValues>(() =>
    initialParameterValues(plan, version.parametersSchema),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);

  const prepare = useMutation(
    trpc.runbooks.prepareRun.mutationOptions({
      onSuccess: (data) => setConfirmation(data),
      onError: (error) => {
        if (errorField(error) === 'parameters') {
          setErrors(parameterErrorFromServer(plan, errorMessage(error)));
        }
      },
    }),
  );
  const run = useMutation(
    trpc.runbooks.run.mutationOptions({
      onSuccess: (execution) => {
        toast.show('success', `${execution.runbookName} v${execution.version} is queued.`);
        void queryClient.invalidateQueries(
          trpc.runbooks.executions.forIncident.queryFilter({ incidentId }),
        );
        onStarted(execution.id);
      },
    }),
  );

  function review(event: FormEvent) {
    event.preventDefault();
    const read = readParameters(plan, values);
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    prepare.mutate({ incidentId, runbookId: version.runbookId, parameters: read.parameters });
  }

  if (confirmation) {
    return (
      <RunConfirmationView
        confirmation={confirmation}
        pending={run.isPending}
        error={run.error}
        onBack={() => {
          setConfirmation(null);
          run.reset();
        }}
        onConfirm={() =>
          run.mutate({
            incidentId,
            runbookId: confirmation.runbook.id,
            versionId: confirmation.version.id,
            parameters: confirmation.parameters,
            confirmationId: confirmation.confirmationId,
          })
        }
      />
    );
  }

  const parameterError = errorField(prepare.error) === 'parameters';
  return (
    // The form checks its own fields, so its messages show next to them instead of the
    // browser's tooltips.
    <form noValidate onSubmit={review} aria-label={`Parameters of ${version.name}`}>
      {version.description ? <p className="small">{version.description}</p> : null}
      <ParameterFields
        plan={plan}
        values={values}
        onChange={setValues}
        errors={errors}
        disabled={prepare.isPending}
      />
      {prepare.error && !parameterError ? <InlineError error={prepare.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={prepare.isPending}>
          {prepare.isPending ? 'Checking…' : 'Review run'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RunConfirmationView({
  confirmation,
  pending,
  error,
  onBack,
  onConfirm,
}: {
  confirmation: Confirmation;
  pending: boolean;
  error: unknown;
  onBack: () => void;
  onConfirm: () => void;
}) {
  const { userLabel } = useDirectory();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { version } = confirmation;

  // Moves focus to the question, so keyboard and screen reader users land on what changed.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section className="run-confirmation" aria-labelledby="run-confirmation-title">
      <h3 id="run-confirmation-title" ref={headingRef} tabIndex={-1}>
        Run {version.name} version {version.version} on incident #{confirmation.incident.number}?
      </h3>
      <dl className="facts">
        <dt>Version</dt>
        <dd>
          v{version.version}
          {version.approvedAt
            ? `, approved by ${userLabel(version.approvedBy)} on ${formatDateTime(version.approvedAt)}`
            : ''}
        </dd>
        <dt>Time limit</dt>
        <dd>{version.timeoutSeconds} s</dd>
        <dt>Hosts it may call</dt>
        <dd className="break">
          {version.allowedHosts.length ? version.allowedHosts.join(', ') : 'None'}
        </dd>
        <dt>Secrets it reads</dt>
        <dd className="break">
          {version.secretNames.length ? version.secretNames.join(', ') : 'None'}
        </dd>
      </dl>
      <h4>Parameters, with defaults filled in</h4>
      <pre className="code-block">{JSON.stringify(confirmation.parameters, null, 2)}</pre>
      <InlineError error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={pending}
          onClick={onConfirm}
        >
          {pending ? 'Starting…' : `Run version ${version.version}`}
        </button>
        <button type="button" className="button" disabled={pending} onClick={onBack}>
          Change parameters
        </button>
      </div>
    </section>
  );
}
