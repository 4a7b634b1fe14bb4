import type { RouteObject } from 'react-router';

/**
 * Routes of the runbooks area, each loaded on first visit. The library, rules, approvals and
 * dead letters share one page with tabs; a runbook has its own page with tabs.
 */
export const runbookRoutes: RouteObject[] = [
  {
    path: 'runbooks',
    lazy: async () => ({
      Component: (await import('./library/RunbooksPage.tsx')).RunbooksPage,
    }),
    children: [
      {
        index: true,
        lazy: async () => ({
          Component: (await import('./library/LibraryPanel.tsx')).LibraryPanel,
        }),
      },
      {
        path: 'rules',
        lazy: async () => ({ Component: (await import('./rules/RulesPanel.tsx')).RulesPanel }),
      },
      {
        path: 'approvals',
        lazy: async () => ({
          Component: (await import('./approvals/ApprovalsPanel.tsx')).ApprovalsPanel,
        }),
      },
      {
        path: 'dead-letters',
        lazy: async () => ({
          Component: (await import('./dead-letters/DeadLettersPanel.tsx')).DeadLettersPanel,
        }),
      },
    ],
  },
  {
    path: 'runbooks/new',
    lazy: async () => ({
      Component: (await import('./editor/NewRunbookPage.tsx')).NewRunbookPage,
    }),
  },
  {
    path: 'runbooks/executions/:executionId',
    lazy: async () => ({
      Component: (await import('./executions/ExecutionPage.tsx')).ExecutionPage,
    }),
  },
  {
    path: 'runbooks/:runbookId',
    lazy: async () => ({
      Component: (await import('./detail/RunbookDetailPage.tsx')).RunbookDetailPage,
    }),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./detail/EditorPanel.tsx')).EditorPanel }),
      },
      {
        path: 'versions',
        lazy: async () => ({
          Component: (await import('./detail/VersionsPanel.tsx')).VersionsPanel,
        }),
      },
      {
        path: 'runs',
        lazy: async () => ({ Component: (await import('./detail/RunsPanel.tsx')).RunsPanel }),
      },
    ],
  },
];
