import { safeExternalUrl } from '../../../lib/safe-url.ts';

/**
 * Links from alerts (runbook, dashboard, source). They open in a new tab without sending
 * the console's URL as referrer, and anything but http(s) is dropped.
 */
export function ExternalLinks({ links }: { links: Array<{ href: string; text: string }> }) {
  const safe = links.flatMap((link) => {
    const href = safeExternalUrl(link.href);
    return href ? [{ href, text: link.text || new URL(href).host }] : [];
  });
  if (safe.length === 0) return null;
  return (
    <ul className="link-list">
      {safe.map((link) => (
        <li key={`${link.href}-${link.text}`}>
          <a href={link.href} target="_blank" rel="noopener noreferrer">
            {link.text}
            <span className="visually-hidden"> (opens in a new tab)</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
