import {
  EXECUTION_STATUS,
  type ExecutionStatus,
  VERSION_STATUS,
  type VersionStatus,
} from './labels.ts';

/** Shows a version's status as an icon and a word, so colour is never the only signal. */
export function VersionStatusBadge({
  status,
  version,
}: {
  status: VersionStatus;
  version?: number;
}) {
  const label = VERSION_STATUS[status];
  return (
    <span className={`badge ${label.tone}`}>
      <span className="badge-icon" aria-hidden="true">
        {label.icon}
      </span>
      {version === undefined ? label.text : `v${version} ${label.text.toLowerCase()}`}
    </span>
  );
}

export function ExecutionStatusBadge({ status }: { status: ExecutionStatus }) {
  const label = EXECUTION_STATUS[status];
  return (
    <span className={`badge ${label.tone}`}>
      <span className="badge-icon" aria-hidden="true">
        {label.icon}
      </span>
      {label.text}
    </span>
  );
}
