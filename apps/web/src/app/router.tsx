import { createBrowserRouter, Navigate } from 'react-router';
import { LoadingState } from '../components/States.tsx';
import { RequireSession } from '../features/auth/RequireSession.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { IncidentDetailPage } from '../features/incidents/detail/IncidentDetailPage.tsx';
import { IncidentsPage } from '../features/incidents/list/IncidentsPage.tsx';
import { LiveIncidentsProvider } from '../features/live/LiveIncidentsProvider.tsx';
import { partnerRoutes } from '../features/partners/routes.tsx';
import { runbookRoutes } from '../features/runbooks/routes.tsx';
import { statusPageRoutes } from '../features/status-pages/routes.tsx';
import { AppShell } from './AppShell.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * Creates the console's router. Every route but sign-in needs a session. The incident screens
 * are in the main bundle because a push page opens them, and the rest load on first visit.
 */
export function createAppRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      // Shown while the code of a lazily loaded page arrives on the first page load.
      hydrateFallbackElement: <LoadingState label="Loading PageFree…" />,
      element: (
        <RequireSession>
          <LiveIncidentsProvider>
            <AppShell />
          </LiveIncidentsProvider>
        </RequireSession>
      ),
      children: [
        { index: true, element: <Navigate to="/incidents" replace /> },
        { path: 'incidents', element: <IncidentsPage /> },
        { path: 'incidents/:incidentId', element: <IncidentDetailPage /> },
        {
          path: 'on-call',
          lazy: async () => ({
            Component: (await import('../features/on-call/OnCallPage.tsx')).OnCallPage,
          }),
        },
        ...runbookRoutes,
        {
          path: 'config',
          lazy: async () => ({
            Component: (await import('../features/config/ConfigPage.tsx')).ConfigPage,
          }),
          children: [
            { index: true, element: <Navigate to="services" replace /> },
            {
              path: 'services',
              lazy: async () => ({
                Component: (await import('../features/config/services/ServicesPanel.tsx'))
                  .ServicesPanel,
              }),
            },
            {
              path: 'integrations',
              lazy: async () => ({
                Component: (await import('../features/config/integrations/IntegrationsPanel.tsx'))
                  .IntegrationsPanel,
              }),
            },
            {
              path: 'policies',
              lazy: async () => ({
                Component: (await import('../features/config/policies/PoliciesPanel.tsx'))
                  .PoliciesPanel,
              }),
            },
            {
              path: 'schedules',
              lazy: async () => ({
                Component: (await import('../features/config/schedules/SchedulesPanel.tsx'))
                  .SchedulesPanel,
              }),
            },
          ],
        },
        { path: 'status-pages', children: statusPageRoutes },
        { path: 'partners', children: partnerRoutes },
        {
          path: 'settings',
          lazy: async () => ({
            Component: (await import('../features/settings/NotificationSettingsPage.tsx'))
              .NotificationSettingsPage,
          }),
        },
        {
          path: 'audit',
          lazy: async () => ({
            Component: (await import('../features/audit/AuditPage.tsx')).AuditPage,
          }),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
