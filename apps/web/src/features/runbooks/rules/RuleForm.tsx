import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { PRIORITIES, type Priority } from '../../incidents/list/filters.ts';
import { ParameterFields } from '../parameters/ParameterFields.tsx';
import {
  initialParameterValues,
  type ParameterPlan,
  type ParameterValues,
  planParameterForm,
  readParameters,
} from '../parameters/parameter-form.ts';
import { formatLabels, parseLabels } from './rule-labels.ts';

type Rule = RouterOutputs['runbooks']['rules']['list'][number];
type Service = RouterOutputs['services']['list'][number];
type Runbook = RouterOutputs['runbooks']['list'][number];

/** Plan for a runbook with no approved version yet: its parameters are typed as JSON. */
const JSON_PLAN: ParameterPlan = {
  kind: 'json',
  reason: 'The runbook has no approved version whose schema could build a form.',
};

/**
 * Creates a rule, or edits one when `rule` is given (its service and runbook are then
 * fixed). The parameters form comes from the runbook's approved version.
 */
export function RuleForm({
  rule,
  services,
  runbooks,
  onDone,
}: {
  rule?: Rule;
  services: Service[];
  runbooks: Runbook[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(rule?.name ?? '');
  const [serviceId, setServiceId] = useState(rule?.serviceId ?? '');
  const [priorities, setPriorities] = useState<Priority[]>(rule?.priorities ?? []);
  const [labelsText, setLabelsText] = useState(formatLabels(rule?.labels ?? {}));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [runbookId, setRunbookId] = useState(rule?.runbookId ?? '');
  const approvedId = runbooks.find((runbook) => runbook.id === runbookId)?.approvedVersion?.id;
  const version = useQuery(
    trpc.runbooks.version.queryOptions(approvedId ? { versionId: approvedId } : skipToken),
  );
  const schema = version.data?.parametersSchema ?? null;
  const plan = useMemo(() => (schema ? planParameterForm(schema) : JSON_PLAN), [schema]);
  const [values, setValues] = useState<ParameterValues>(() =>
    initialParameterValues(plan, schema ?? {}, rule?.parameters ?? {}),
  );
  // Starts the parameters again whenever another runbook, or its schema, arrives.
  const [valuesFor, setValuesFor] = useState(plan);
  if (valuesFor !== plan) {
    setValuesFor(plan);
    setValues(initialParameterValues(plan, schema ?? {}, rule?.parameters ?? {}));
  }
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const onSuccess = (saved: Rule) => {
    toast.show('success', rule ? `Rule ${saved.name} saved.` : `Rule ${saved.name} created.`);
    void queryClient.invalidateQueries(trpc.runbooks.rules.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.runbooks.rules.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.runbooks.rules.update.mutationOptions({ onSuccess }));
  const mutation = rule ? update : create;
  const field = errorField(mutation.error)?.split('.')[0] ?? null;
  const fieldError = (name: string) =>
    localErrors[name] ?? (field === name ? errorMessage(mutation.error) : null);

  let submitLabel = rule ? 'Save rule' : 'Create rule';
  if (mutation.isPending) submitLabel = 'Saving…';

  function togglePriority(priority: Priority) {
    setPriorities((current) =>
      current.includes(priority)
        ? current.filter((value) => value !== priority)
        : [...current, priority].sort(),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const labels = parseLabels(labelsText);
    const parameters = readParameters(plan, values);
    const errors: Record<string, string> = {};
    if (!labels.ok) errors.labels = labels.error;
    if (!parameters.ok) Object.assign(errors, parameters.errors);
    setLocalErrors(errors);
    if (!labels.ok || !parameters.ok) return;

    const shared = {
      name,
      priorities,
      labels: labels.labels,
      parameters: parameters.parameters,
      enabled,
    };
    if (rule) update.mutate({ ruleId: rule.id, ...shared });
    else create.mutate({ serviceId, runbookId, ...shared });
  }

  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={rule ? `Edit ${rule.name}` : 'New rule'}
    >
      <div className="field-row">
        <Field label="Name" error={fieldError('name')}>
          <input
            required
            maxLength={120}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field
          label="Service"
          hint={rule ? 'Fixed once created.' : 'Incidents of this service fire the rule.'}
          error={fieldError('serviceId')}
        >
          <select
            required
            disabled={Boolean(rule)}
            value={serviceId}
            onChange={(event) => setServiceId(event.target.value)}
          >
            <option value="">Choose a service</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Runbook"
          hint={
            rule
              ? 'Fixed once created.'
              : "This team's runbooks and global ones; only an approved version runs."
          }
          error={fieldError('runbookId')}
        >
          <select
            required
            disabled={Boolean(rule)}
            value={runbookId}
            onChange={(event) => setRunbookId(event.target.value)}
          >
            <option value="">Choose a runbook</option>
            {runbooks.map((runbook) => (
              <option key={runbook.id} value={runbook.id}>
                {runbook.name}
                {runbook.approvedVersion ? '' : ' (nothing approved yet)'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="priority-choice">
        <legend>Priorities</legend>
        <p className="field-hint">None chosen matches every priority.</p>
        <div className="priority-toggles">
          {PRIORITIES.map((priority) => (
            <label key={priority} className="checkbox">
              <input
                type="checkbox"
                checked={priorities.includes(priority)}
                onChange={() => togglePriority(priority)}
              />
              {priority}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="Labels"
        hint="One key=value per line, matched against the first alert's labels; empty matches every incident."
        error={fieldError('labels')}
      >
        <textarea
          rows={2}
          spellCheck={false}
          value={labelsText}
          onChange={(event) => setLabelsText(event.target.value)}
        />
      </Field>
      {runbookId && (!approvedId || !version.isPending) ? (
        <fieldset className="rule-parameters">
          <legend>Parameters of each run</legend>
          <ParameterFields
            plan={plan}
            values={values}
            onChange={setValues}
            errors={field === 'parameters' ? { '': errorMessage(mutation.error) } : localErrors}
          />
        </fieldset>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        On: fire for incidents opened from now on
      </label>
      {mutation.error && !field ? (
        <p className="inline-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
