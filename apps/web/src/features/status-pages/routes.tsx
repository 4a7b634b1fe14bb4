import { Navigate, type RouteObject } from 'react-router';

/**
 * Routes under `/status-pages`. Each screen loads on first visit, like the configuration
 * panels, so the main bundle stays the incident screens that a push page opens.
 */
export const statusPageRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({
      Component: (await import('./list/StatusPagesPage.tsx')).StatusPagesPage,
    }),
  },
  {
    path: ':pageId',
    lazy: async () => ({
      Component: (await import('./StatusPageLayout.tsx')).StatusPageLayout,
    }),
    children: [
      { index: true, element: <Navigate to="incidents" replace /> },
      {
        path: 'incidents',
        lazy: async () => ({
          Component: (await import('./incidents/IncidentsPanel.tsx')).IncidentsPanel,
        }),
      },
      {
        path: 'incidents/:statusIncidentId',
        lazy: async () => ({
          Component: (await import('./incidents/StatusIncidentPanel.tsx')).StatusIncidentPanel,
        }),
      },
      {
        path: 'components',
        lazy: async () => ({
          Component: (await import('./components/ComponentsPanel.tsx')).ComponentsPanel,
        }),
      },
      {
        path: 'maintenance',
        lazy: async () => ({
          Component: (await import('./maintenance/MaintenancePanel.tsx')).MaintenancePanel,
        }),
      },
      {
        path: 'templates',
        lazy: async () => ({
          Component: (await import('./templates/TemplatesPanel.tsx')).TemplatesPanel,
        }),
      },
      {
        path: 'subscribers',
        lazy: async () => ({
          Component: (await import('./subscribers/SubscribersPanel.tsx')).SubscribersPanel,
        }),
      },
      {
        path: 'preview',
        lazy: async () => ({
          Component: (await import('./preview/PreviewPanel.tsx')).PreviewPanel,
        }),
      },
      {
        path: 'settings',
        lazy: async () => ({
          Component: (await import('./settings/SettingsPanel.tsx')).SettingsPanel,
        }),
      },
    ],
  },
];
