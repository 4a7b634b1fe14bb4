import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="page" id="main">
      <h1>Page not found</h1>
      <p>
        This address does not match a page of the console.{' '}
        <Link to="/incidents">Go to incidents</Link>.
      </p>
    </main>
  );
}
