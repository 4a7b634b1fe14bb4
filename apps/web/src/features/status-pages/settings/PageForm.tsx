import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterInputs, type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { browserTimeZone, knownTimeZones } from '../maintenance/zoned-time.ts';
import type { StatusPage, StatusPageSummary } from '../types.ts';

type Team = RouterOutputs['teams']['list'][number];
type PageChanges = Omit<RouterInputs['statusPages']['update'], 'pageId'>;

/** Maximum slug length the server accepts, in characters. */
const SLUG_MAX_LENGTH = 63;

/** Suggests a slug from a page name: "Acme Cloud (EU)" becomes "acme-cloud-eu". */
function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
}

/** Splits the frame-ancestors box into origins, one per line or separated by spaces or commas. */
function parseOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter(Boolean);
}

const KNOWN_FIELDS = [
  'teamId',
  'name',
  'slug',
  'description',
  'visibility',
  'timeZone',
  'supportUrl',
  'frameAncestors',
];

/**
 * Creates a status page for one of `teams`, or edits `page` when given. Only changed
 * settings are sent on edit, so the audit log names what changed.
 */
export function PageForm({
  teams = [],
  page,
  onDone,
  onSaved,
  cancelLabel = 'Cancel',
}: {
  teams?: Team[];
  page?: StatusPage;
  onDone: () => void;
  cancelLabel?: string;
  onSaved?: (saved: StatusPageSummary) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const zones = useMemo(knownTimeZones, []);
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const [name, setName] = useState(page?.name ?? '');
  const [slug, setSlug] = useState(page?.slug ?? '');
  const [slugEdited, setSlugEdited] = useState(Boolean(page));
  const [description, setDescription] = useState(page?.description ?? '');
  const [visibility, setVisibility] = useState<'public' | 'private'>(page?.visibility ?? 'public');
  const [timeZone, setTimeZone] = useState(page?.timeZone ?? browserTimeZone);
  const [supportUrl, setSupportUrl] = useState(page?.supportUrl ?? '');
  const [frameAncestors, setFrameAncestors] = useState(page?.frameAncestors.join('\n') ?? '');

  const onSuccess = (saved: StatusPageSummary) => {
    toast.show(
      'success',
      page ? `Status page ${saved.name} saved.` : `Status page ${saved.name} created.`,
    );
    if (page) {
      queryClient.setQueryData(trpc.statusPages.get.queryKey({ pageId: saved.id }), (old) =>
        old ? { ...old, ...saved } : old,
      );
    }
    void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
    onSaved?.(saved);
    onDone();
  };
  const create = useMutation(trpc.statusPages.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.statusPages.update.mutationOptions({ onSuccess }));
  const mutation = page ? update : create;
  const field = errorField(mutation.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(mutation.error) : null;
  const otherError =
    mutation.error && !KNOWN_FIELDS.some((name) => field === name || field?.startsWith(`${name}.`));

  let submitLabel = page ? 'Save settings' : 'Create status page';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    const values = {
      name,
      slug,
      description,
      visibility,
      timeZone: timeZone.trim(),
      supportUrl: supportUrl.trim() || null,
      frameAncestors: parseOrigins(frameAncestors),
    };
    if (!page) {
      create.mutate({ teamId, ...values });
      return;
    }
    const changes: PageChanges = {};
    if (values.name !== page.name) changes.name = values.name;
    if (values.slug !== page.slug) changes.slug = values.slug;
    if (values.description !== page.description) changes.description = values.description;
    if (values.visibility !== page.visibility) changes.visibility = values.visibility;
    if (values.timeZone !== page.timeZone) changes.timeZone = values.timeZone;
    if (values.supportUrl !== page.supportUrl) changes.supportUrl = values.supportUrl;
    if (values.frameAncestors.join(' ') !== page.frameAncestors.join(' ')) {
      changes.frameAncestors = values.frameAncestors;
    }
    update.mutate({ pageId: page.id, ...changes });
  }

  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={page ? `Settings of ${page.name}` : 'New status page'}
    >
      {page ? null : (
        <Field
          label="Team"
          hint="Admins of this team manage the page."
          error={fieldError('teamId')}
        >
          <select required value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="field-row">
        <Field label="Name" hint="Shown as the page's title." error={fieldError('name')}>
          <input
            required
            value={name}
            maxLength={120}
            onChange={(event) => {
              setName(event.target.value);
              if (!slugEdited) setSlug(slugFromName(event.target.value));
            }}
          />
        </Field>
        <Field
          label="Slug"
          hint={
            page
              ? 'Changing it moves the page; the old address answers 404.'
              : 'The page address: lowercase letters, digits and hyphens.'
          }
          error={fieldError('slug')}
        >
          <input
            required
            value={slug}
            maxLength={SLUG_MAX_LENGTH}
            pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?"
            autoCapitalize="off"
            spellCheck={false}
            onChange={(event) => {
              setSlug(event.target.value);
              setSlugEdited(true);
            }}
          />
        </Field>
        <Field
          label="Time zone"
          hint="Dates on the page are shown in this zone."
          error={fieldError('timeZone')}
        >
          <input
            list="status-page-time-zones"
            required
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
          />
        </Field>
        <datalist id="status-page-time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>
      <Field label="Description (optional)" error={fieldError('description')}>
        <textarea
          rows={2}
          maxLength={1000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </Field>
      <fieldset className="choice-group">
        <legend>Visibility</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="visibility"
            value="public"
            checked={visibility === 'public'}
            onChange={() => setVisibility('public')}
          />
          <span>
            <strong>Public</strong>
            <span className="muted small"> · anyone can read it and subscribe</span>
          </span>
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="visibility"
            value="private"
            checked={visibility === 'private'}
            onChange={() => setVisibility('private')}
          />
          <span>
            <strong>Private</strong>
            <span className="muted small"> · hidden from the public; visitors get 404</span>
          </span>
        </label>
        {fieldError('visibility') ? (
          <p className="field-error">{fieldError('visibility')}</p>
        ) : null}
      </fieldset>
      <div className="field-row">
        <Field
          label="Support URL (optional)"
          hint="Linked from the page for questions."
          error={fieldError('supportUrl')}
        >
          <input
            type="url"
            value={supportUrl}
            placeholder="https://support.example.com"
            onChange={(event) => setSupportUrl(event.target.value)}
          />
        </Field>
        <Field
          label="Sites that may embed the page (optional)"
          hint="One origin per line, e.g. https://example.com or https://*.example.com. Empty forbids embedding."
          error={fieldError('frameAncestors')}
        >
          <textarea
            rows={2}
            value={frameAncestors}
            spellCheck={false}
            onChange={(event) => setFrameAncestors(event.target.value)}
          />
        </Field>
      </div>
      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={mutation.isPending || (!page && !teamId)}
        >
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {cancelLabel}
        </button>
      </div>
    </form>
  );
}
