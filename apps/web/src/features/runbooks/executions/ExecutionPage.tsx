import { Link, useParams } from 'react-router';
import { ExecutionLive } from './ExecutionLive.tsx';

/** Shows the live view of one run, linked from execution lists and dead letters. */
export function ExecutionPage() {
  const { executionId = '' } = useParams();
  return (
    <main className="page page-narrow" id="main">
      <p className="back-link">
        <Link to="/runbooks">← Runbooks</Link>
      </p>
      <h1>Runbook run</h1>
      <ExecutionLive executionId={executionId} />
    </main>
  );
}
