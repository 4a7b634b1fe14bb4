import type { ComponentImpact, StatusPage } from '../types.ts';

/** Impact stated per component id. A component left out is not affected. */
export type ImpactChoices = Record<string, ComponentImpact>;

const IMPACT_OPTIONS: Array<{ value: ComponentImpact; label: string }> = [
  { value: 'operational', label: 'Operational' },
  { value: 'degraded_performance', label: 'Degraded performance' },
  { value: 'partial_outage', label: 'Partial outage' },
  { value: 'major_outage', label: 'Major outage' },
];

/** Converts the choices to the API's component list. */
export function toComponentImpacts(choices: ImpactChoices) {
  return Object.entries(choices).map(([componentId, status]) => ({ componentId, status }));
}

/** Converts a status incident's stated components back to choices. */
export function fromComponentImpacts(
  components: Array<{ componentId: string; status: string }>,
): ImpactChoices {
  const choices: ImpactChoices = {};
  for (const component of components) {
    const option = IMPACT_OPTIONS.find((candidate) => candidate.value === component.status);
    if (option) choices[component.componentId] = option.value;
  }
  return choices;
}

/**
 * One select per component of the page, to state how an incident affects it. The stated
 * status overrides what internal incidents imply until the status incident is resolved.
 */
export function ComponentImpactPicker({
  page,
  value,
  onChange,
  error,
}: {
  page: StatusPage;
  value: ImpactChoices;
  onChange: (choices: ImpactChoices) => void;
  error?: string | null;
}) {
  const sectionName = (sectionId: string | null) =>
    page.sections.find((section) => section.id === sectionId)?.name;

  function choose(componentId: string, status: string) {
    const next = { ...value };
    if (status) next[componentId] = status as ComponentImpact;
    else delete next[componentId];
    onChange(next);
  }

  return (
    <fieldset className={`choice-group${error ? ' field-invalid' : ''}`}>
      <legend>Affected components</legend>
      {page.components.length === 0 ? (
        <p className="muted small">This page has no components; the incident names none.</p>
      ) : (
        <ul className="impact-list">
          {page.components.map((component) => {
            const id = `impact-${component.id}`;
            const section = sectionName(component.sectionId);
            return (
              <li key={component.id} className="impact-row">
                <label htmlFor={id}>
                  {component.name}
                  {section ? <span className="muted small"> · {section}</span> : null}
                </label>
                <select
                  id={id}
                  value={value[component.id] ?? ''}
                  onChange={(event) => choose(component.id, event.target.value)}
                >
                  <option value="">Not affected</option>
                  {IMPACT_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </li>
            );
          })}
        </ul>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
