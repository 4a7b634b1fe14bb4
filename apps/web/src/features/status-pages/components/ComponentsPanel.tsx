import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState } from '../../../components/States.tsx';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { COMPONENT_STATUS, STATUS_SOURCE } from '../status-labels.ts';
import type { PagePreview, StatusComponent, StatusSection } from '../types.ts';
import { ComponentForm } from './ComponentForm.tsx';
import { SectionForm } from './SectionForm.tsx';
import {
  useDeleteComponent,
  useDeleteSection,
  useMoveComponent,
  useMoveSection,
} from './use-component-actions.ts';

type Service = RouterOutputs['services']['list'][number];

/** Form open on the panel: a new section or component, or the edit form of one row. */
type Editing =
  | { kind: 'new-section' }
  | { kind: 'new-component'; sectionId: string | null }
  | { kind: 'section'; id: string }
  | { kind: 'component'; id: string }
  | null;

/**
 * Sections and components of the page, with each component's current status and the
 * internal services it follows. Team admins add, edit, reorder and delete them here.
 */
export function ComponentsPanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const services = useQuery(trpc.services.list.queryOptions({ teamId: page.teamId }));
  const preview = useQuery(trpc.statusPages.preview.queryOptions({ pageId: page.id }));
  const [editing, setEditing] = useState<Editing>(null);
  const moveSection = useMoveSection(page.id);
  const deleteSection = useDeleteSection(page.id);
  const unsectioned = page.components.filter((component) => component.sectionId === null);
  const close = () => setEditing(null);

  return (
    <section aria-labelledby="components-title">
      <div className="section-header">
        <h2 id="components-title">Components</h2>
        {access.canConfigure && editing?.kind !== 'new-section' ? (
          <button
            type="button"
            className="button"
            onClick={() => setEditing({ kind: 'new-section' })}
          >
            New section
          </button>
        ) : null}
        {access.canConfigure &&
        !(editing?.kind === 'new-component' && editing.sectionId === null) ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setEditing({ kind: 'new-component', sectionId: null })}
          >
            New component
          </button>
        ) : null}
      </div>
      {editing?.kind === 'new-section' ? <SectionForm pageId={page.id} onDone={close} /> : null}
      {editing?.kind === 'new-component' && editing.sectionId === null ? (
        <ComponentForm page={page} services={services.data} onDone={close} />
      ) : null}

      {page.components.length === 0 && page.sections.length === 0 ? (
        <EmptyState title="This page has no components yet.">
          <p>
            A component is a part of your product that customers recognise, such as Checkout or API.
            Map it to internal services, and their incidents set its status.
          </p>
        </EmptyState>
      ) : (
        <div className="stack">
          {page.sections.map((section, index) => (
            <article key={section.id} className="card" aria-labelledby={`section-${section.id}`}>
              <header className="card-header">
                <h3 id={`section-${section.id}`}>{section.name}</h3>
                {access.canConfigure ? (
                  <div className="item-actions actions-compact">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Move section ${section.name} up`}
                      disabled={index === 0 || moveSection.isPending}
                      onClick={() =>
                        moveSection.mutate({
                          first: section,
                          second: page.sections[index - 1] as StatusSection,
                        })
                      }
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Move section ${section.name} down`}
                      disabled={index === page.sections.length - 1 || moveSection.isPending}
                      onClick={() =>
                        moveSection.mutate({
                          first: page.sections[index + 1] as StatusSection,
                          second: section,
                        })
                      }
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={editing?.kind === 'section' && editing.id === section.id}
                      onClick={() => setEditing({ kind: 'section', id: section.id })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={
                        editing?.kind === 'new-component' && editing.sectionId === section.id
                      }
                      onClick={() => setEditing({ kind: 'new-component', sectionId: section.id })}
                    >
                      Add component
                    </button>
                    <InlineConfirm
                      label="Delete section"
                      question={`Delete ${section.name}? Its components stay, outside any section.`}
                      confirmLabel="Delete section"
                      tone="danger"
                      disabled={deleteSection.isPending}
                      onConfirm={() => deleteSection.mutate({ sectionId: section.id })}
                    />
                  </div>
                ) : null}
              </header>
              {editing?.kind === 'section' && editing.id === section.id ? (
                <SectionForm pageId={page.id} section={section} onDone={close} />
              ) : null}
              {editing?.kind === 'new-component' && editing.sectionId === section.id ? (
                <ComponentForm
                  page={page}
                  services={services.data}
                  initialSectionId={section.id}
                  onDone={close}
                />
              ) : null}
              <ComponentList
                label={`Components in ${section.name}`}
                components={page.components.filter(
                  (component) => component.sectionId === section.id,
                )}
                services={services.data}
                preview={preview.data}
                editing={editing}
                setEditing={setEditing}
              />
            </article>
          ))}
          {unsectioned.length > 0 ? (
            <article className="card" aria-labelledby="unsectioned-title">
              <header className="card-header">
                <h3 id="unsectioned-title">
                  {page.sections.length > 0 ? 'Not in a section' : 'All components'}
                </h3>
              </header>
              <ComponentList
                label={page.sections.length > 0 ? 'Components not in a section' : 'Components'}
                components={unsectioned}
                services={services.data}
                preview={preview.data}
                editing={editing}
                setEditing={setEditing}
              />
            </article>
          ) : null}
        </div>
      )}
    </section>
  );
}

function ComponentList({
  label,
  components,
  services,
  preview,
  editing,
  setEditing,
}: {
  label: string;
  components: StatusComponent[];
  services: Service[] | undefined;
  preview: PagePreview | undefined;
  editing: Editing;
  setEditing: (editing: Editing) => void;
}) {
  const { page, access } = useStatusPageContext();
  const moveComponent = useMoveComponent(page.id);
  const deleteComponent = useDeleteComponent(page.id);

  if (components.length === 0) {
    return <p className="muted small">No components in this section yet.</p>;
  }
  function describeMapping(serviceIds: string[]): string {
    if (serviceIds.length === 0) {
      return 'Not mapped to a service, so only status incidents and maintenance change it';
    }
    if (!services) {
      return `Follows ${serviceIds.length} service${serviceIds.length === 1 ? '' : 's'}`;
    }
    const names = serviceIds.map(
      (serviceId) =>
        services.find((service) => service.id === serviceId)?.name ?? 'a service of another team',
    );
    return `Follows ${names.join(', ')}`;
  }

  return (
    <ul className="item-list" aria-label={label}>
      {components.map((component, index) => {
        const status = preview?.snapshot.components.find(
          (entry) => entry.id === component.id,
        )?.status;
        const source = preview?.statusSources[component.id];
        const isEditing = editing?.kind === 'component' && editing.id === component.id;
        return (
          <li key={component.id} className="item item-stacked" data-component-id={component.id}>
            <div className="item-row">
              <div>
                <strong>{component.name}</strong>{' '}
                {status ? (
                  <StatusLabelBadge
                    label={COMPONENT_STATUS[status]}
                    title={source ? STATUS_SOURCE[source] : undefined}
                  />
                ) : null}
                {component.description ? <p className="small">{component.description}</p> : null}
                <div className="muted small">
                  {describeMapping(component.serviceIds)}
                  {component.showUptime ? '' : ' · uptime hidden'}
                </div>
              </div>
              {access.canConfigure ? (
                <div className="item-actions actions-compact">
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Move ${component.name} up`}
                    disabled={index === 0 || moveComponent.isPending}
                    onClick={() =>
                      moveComponent.mutate({
                        first: component,
                        second: components[index - 1] as StatusComponent,
                      })
                    }
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Move ${component.name} down`}
                    disabled={index === components.length - 1 || moveComponent.isPending}
                    onClick={() =>
                      moveComponent.mutate({
                        first: components[index + 1] as StatusComponent,
                        second: component,
                      })
                    }
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-expanded={isEditing}
                    aria-label={`Edit ${component.name}`}
                    onClick={() =>
                      setEditing(isEditing ? null : { kind: 'component', id: component.id })
                    }
                  >
                    Edit
                  </button>
                  <InlineConfirm
                    label="Delete"
                    question={`Delete ${component.name} and its uptime history?`}
                    confirmLabel="Delete component"
                    tone="danger"
                    disabled={deleteComponent.isPending}
                    onConfirm={() => deleteComponent.mutate({ componentId: component.id })}
                  />
                </div>
              ) : null}
            </div>
            {isEditing ? (
              <ComponentForm
                page={page}
                services={services}
                component={component}
                onDone={() => setEditing(null)}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
