import { Navigate, type RouteObject } from 'react-router';

/**
 * Routes under `/partners`, for platform admins: partner accounts, page access, access
 * tokens, sessions and the partner audit log. Each panel loads on first visit.
 */
export const partnerRoutes: RouteObject[] = [
  {
    lazy: async () => ({ Component: (await import('./PartnersLayout.tsx')).PartnersLayout }),
    children: [
      { index: true, element: <Navigate to="accounts" replace /> },
      {
        path: 'accounts',
        lazy: async () => ({
          Component: (await import('./accounts/PartnersPanel.tsx')).PartnersPanel,
        }),
      },
      {
        path: 'access',
        lazy: async () => ({ Component: (await import('./access/AccessPanel.tsx')).AccessPanel }),
      },
      {
        path: 'tokens',
        lazy: async () => ({ Component: (await import('./tokens/TokensPanel.tsx')).TokensPanel }),
      },
      {
        path: 'sessions',
        lazy: async () => ({
          Component: (await import('./sessions/SessionsPanel.tsx')).SessionsPanel,
        }),
      },
      {
        path: 'audit',
        lazy: async () => ({
          Component: (await import('./audit/PartnerAuditPanel.tsx')).PartnerAuditPanel,
        }),
      },
    ],
  },
];
