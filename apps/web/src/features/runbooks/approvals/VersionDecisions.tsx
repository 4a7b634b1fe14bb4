import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import type { VersionStatus } from '../labels.ts';
import { useDirectory } from '../use-directory.ts';

export interface DecisionTarget {
  id: string;
  runbookId: string;
  version: number;
  status: VersionStatus;
  name: string;
  createdBy: string | null;
  teamId: string | null;
}

/**
 * Approve and Deprecate for platform admins, each behind a dialog that states what the
 * decision changes. Approving one's own draft is refused while another platform admin
 * exists, so the button is disabled with the reason next to it.
 */
export function VersionDecisions({
  target,
  approvedVersion,
}: {
  target: DecisionTarget;
  /** The version that runs now, which approving this one deprecates. */
  approvedVersion: number | null;
}) {
  const user = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { platformAdminIds, ownerLabel } = useDirectory();
  const [deciding, setDeciding] = useState<'approve' | 'deprecate' | null>(null);
  const reasonId = useId();

  const onSettled = () => queryClient.invalidateQueries(trpc.runbooks.pathFilter());
  const approve = useMutation(
    trpc.runbooks.approve.mutationOptions({
      onSuccess: (version) => {
        setDeciding(null);
        toast.show(
          'success',
          `Version ${version.version} of ${version.name} is approved and runs now.`,
        );
      },
      onSettled,
    }),
  );
  const deprecate = useMutation(
    trpc.runbooks.deprecate.mutationOptions({
      onSuccess: (version) => {
        setDeciding(null);
        toast.show('success', `Version ${version.version} of ${version.name} is deprecated.`);
      },
      onSettled,
    }),
  );

  if (!isPlatformAdmin(user)) return null;
  const ownDraft = target.createdBy === user.id;
  const reviewerExists = platformAdminIds.some((id) => id !== user.id);
  const mayApprove = !(ownDraft && reviewerExists);
  const close = () => {
    setDeciding(null);
    approve.reset();
    deprecate.reset();
  };

  return (
    <>
      {target.status === 'DRAFT' ? (
        <>
          {ownDraft ? (
            <p className="small own-draft" id={reasonId}>
              {reviewerExists
                ? 'You wrote this draft, so another platform admin has to approve it: each script that can run against your systems is checked by a second person.'
                : 'You wrote this draft. You are the only platform admin, so you may approve it yourself.'}
            </p>
          ) : null}
          <button
            type="button"
            className="button button-small button-primary"
            disabled={!mayApprove}
            aria-describedby={ownDraft ? reasonId : undefined}
            onClick={() => setDeciding('approve')}
          >
            Approve v{target.version}
          </button>
        </>
      ) : null}
      {target.status !== 'DEPRECATED' ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => setDeciding('deprecate')}
        >
          Deprecate v{target.version}
        </button>
      ) : null}

      <ConfirmDialog
        open={deciding === 'approve'}
        title={`Approve version ${target.version} of ${target.name}?`}
        confirmLabel={`Approve version ${target.version}`}
        pendingLabel="Approving…"
        pending={approve.isPending}
        confirmDisabled={!mayApprove}
        error={approve.error}
        onConfirm={() => approve.mutate({ versionId: target.id })}
        onClose={close}
      >
        <p>
          Version {target.version} becomes the one version that runs, manually and from rules, on
          incidents of {target.teamId === null ? 'every team' : ownerLabel(target.teamId)}.
          {approvedVersion !== null && approvedVersion !== target.version
            ? ` Version ${approvedVersion}, which runs now, becomes deprecated.`
            : ''}
        </p>
        <p>
          <Link to={`/runbooks/${target.runbookId}/versions?to=${target.id}`} onClick={close}>
            Review the changes first
          </Link>
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={deciding === 'deprecate'}
        title={`Deprecate version ${target.version} of ${target.name}?`}
        confirmLabel={`Deprecate version ${target.version}`}
        pendingLabel="Deprecating…"
        tone="danger"
        pending={deprecate.isPending}
        error={deprecate.error}
        onConfirm={() => deprecate.mutate({ versionId: target.id })}
        onClose={close}
      >
        <p>
          {target.status === 'APPROVED'
            ? 'Nothing of this runbook can run until another version is approved. Runs already queued keep the script they were queued with.'
            : 'The draft can no longer be approved. Its authors can save a new draft.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
