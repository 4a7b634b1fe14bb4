import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { escalationPoliciesRouter } from './routers/escalation-policies.ts';
import { incidentsRouter } from './routers/incidents.ts';
import { integrationsRouter } from './routers/integrations.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { partnersRouter } from './routers/partners.ts';
import { runbooksRouter } from './routers/runbooks.ts';
import { schedulesRouter } from './routers/schedules.ts';
import { servicesRouter } from './routers/services.ts';
import { statusPagesRouter } from './routers/status-pages.ts';
import { teamsRouter } from './routers/teams.ts';
import { usersRouter } from './routers/users.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  incidents: incidentsRouter,
  teams: teamsRouter,
  users: usersRouter,
  services: servicesRouter,
  integrations: integrationsRouter,
  escalationPolicies: escalationPoliciesRouter,
  schedules: schedulesRouter,
  notifications: notificationsRouter,
  audit: auditRouter,
  runbooks: runbooksRouter,
  statusPages: statusPagesRouter,
  partners: partnersRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, e.g. from tests: `createCaller(context).incidents.list({})`. */
export const createCaller = createCallerFactory(appRouter);
