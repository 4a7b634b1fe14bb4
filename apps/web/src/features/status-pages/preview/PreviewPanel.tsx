import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { publicPageUrl } from '../public-url.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { COMPONENT_STATUS, IMPACT, STATUS_SOURCE } from '../status-labels.ts';

/**
 * Shows the page as the public would see it now, computed by the server without publishing.
 * The HTML is the status site's own rendering without scripts, shown in a frame with every
 * sandbox restriction (no scripts, forms, popups or same-origin access), so nothing a
 * person typed on the page can act in the console.
 */
export function PreviewPanel() {
  const { page } = useStatusPageContext();
  const trpc = useTRPC();
  const preview = useQuery(trpc.statusPages.preview.queryOptions({ pageId: page.id }));
  const url = publicPageUrl(page.url);

  return (
    <section aria-labelledby="preview-title">
      <div className="section-header">
        <h2 id="preview-title">Preview</h2>
        <button
          type="button"
          className="button"
          disabled={preview.isFetching}
          onClick={() => preview.refetch()}
        >
          {preview.isFetching ? 'Refreshing…' : 'Refresh preview'}
        </button>
      </div>
      {url ? (
        <p className="small">
          Public address:{' '}
          <a href={url} target="_blank" rel="noreferrer">
            {url}
          </a>
          {page.visibility === 'private' ? ' (private: visitors get 404)' : null}
        </p>
      ) : (
        <p className="notice small">
          The status site's address is not configured (STATUS_PUBLIC_URL), so the console cannot
          link to the live page.
        </p>
      )}
      {preview.isPending ? (
        <LoadingState label="Rendering the preview…" />
      ) : preview.isError ? (
        <ErrorState
          error={preview.error}
          title="The preview could not be rendered."
          onRetry={() => preview.refetch()}
        />
      ) : (
        <>
          <div className="preview-meta" role="status">
            <StatusLabelBadge label={IMPACT[preview.data.snapshot.status.indicator]} />
            <span>{preview.data.snapshot.status.description}</span>
            <span className="muted small">
              {preview.data.published
                ? `Live page: version ${preview.data.published.version}, published ${formatDateTime(preview.data.published.publishedAt)}.`
                : 'Not published yet; the status site shows it once the worker publishes it.'}{' '}
              Preview computed {formatDateTime(preview.data.snapshot.publishedAt)}.
            </span>
          </div>
          {preview.data.html ? (
            <iframe
              className="preview-frame"
              title={`Preview of ${page.name} as the public sees it`}
              sandbox=""
              srcDoc={preview.data.html}
            />
          ) : (
            <p className="notice">
              This server renders no preview HTML; the component statuses below are what the page
              shows.
            </p>
          )}
          <h3>Why each component shows its status</h3>
          {preview.data.snapshot.components.length === 0 ? (
            <p className="muted">The page has no components.</p>
          ) : (
            <ul className="item-list" aria-label="Component statuses">
              {preview.data.snapshot.components.map((component) => {
                const source = preview.data.statusSources[component.id];
                return (
                  <li key={component.id} className="item">
                    <div>
                      <strong>{component.name}</strong>
                      <div className="muted small">
                        {(source && STATUS_SOURCE[source]) ?? 'Computed by the status rule'}
                      </div>
                    </div>
                    <div>
                      <StatusLabelBadge label={COMPONENT_STATUS[component.status]} />
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
