import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import type { StatusTemplate } from '../types.ts';

/**
 * Renders a select that fills a form from one of the page's templates, so the person edits
 * the template's words instead of starting blank. Renders nothing while the page has none.
 */
export function TemplatePicker({
  pageId,
  fills,
  onPick,
}: {
  pageId: string;
  /** Fields that choosing a template replaces, for the hint, e.g. "the message and status". */
  fills: string;
  onPick: (template: StatusTemplate) => void;
}) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.statusPages.templates.list.queryOptions({ pageId }));
  const [chosen, setChosen] = useState('');
  if (!templates.data || templates.data.length === 0) return null;

  return (
    <Field label="Template (optional)" hint={`Choosing one replaces ${fills}.`}>
      <select
        value={chosen}
        onChange={(event) => {
          setChosen(event.target.value);
          const template = templates.data.find((candidate) => candidate.id === event.target.value);
          if (template) onPick(template);
        }}
      >
        <option value="">No template</option>
        {templates.data.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
