import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';

/** Adds a note to the timeline; the text stays in the box if saving fails. */
export function NoteForm({ incidentId }: { incidentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState('');
  const addNote = useMutation(
    trpc.incidents.addNote.mutationOptions({
      onSuccess: () => {
        setText('');
        toast.show('success', 'Note added.');
        void queryClient.invalidateQueries(trpc.incidents.timeline.queryFilter({ incidentId }));
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    addNote.mutate({ incidentId, text });
  }

  return (
    <form className="note-form" onSubmit={submit}>
      <Field label="Add a note" error={addNote.error ? errorMessage(addNote.error) : null}>
        <textarea
          rows={3}
          value={text}
          maxLength={10_000}
          placeholder="What you found, what you tried, who you called…"
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      <button
        type="submit"
        className="button"
        disabled={addNote.isPending || text.trim().length === 0}
      >
        {addNote.isPending ? 'Saving…' : 'Add note'}
      </button>
    </form>
  );
}
