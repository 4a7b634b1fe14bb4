import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '../../components/States.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { ContactMethods } from './ContactMethods.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { PushSection } from './PushSection.tsx';

/**
 * Renders the signed-in user's own settings: how they are paged (push in this and other
 * browsers, email and webhooks) and their password.
 */
export function NotificationSettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.notifications.settings.queryOptions());

  return (
    <main className="page page-narrow" id="main">
      <div className="page-header">
        <h1>My settings</h1>
      </div>
      <p className="muted">
        When an incident escalates to you, PageFree pages you on every channel below at once, until
        someone acknowledges.
      </p>
      {settings.isPending ? (
        <LoadingState label="Loading your settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <>
          <PushSection subscriptions={settings.data.pushSubscriptions} />
          <ContactMethods methods={settings.data.contactMethods} />
        </>
      )}
      <PasswordSection />
    </main>
  );
}
