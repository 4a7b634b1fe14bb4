import { createStatusComponent } from '@pagefree/core/status-pages/components/create-component';
import { createStatusSection } from '@pagefree/core/status-pages/components/create-section';
import { deleteStatusComponent } from '@pagefree/core/status-pages/components/delete-component';
import { deleteStatusSection } from '@pagefree/core/status-pages/components/delete-section';
import { updateStatusComponent } from '@pagefree/core/status-pages/components/update-component';
import { updateStatusSection } from '@pagefree/core/status-pages/components/update-section';
import type { StatusAdminDeps } from '@pagefree/core/status-pages/deps';
import { addStatusIncidentUpdate } from '@pagefree/core/status-pages/incidents/add-status-incident-update';
import { createStatusIncident } from '@pagefree/core/status-pages/incidents/create-status-incident';
import { createStatusTemplate } from '@pagefree/core/status-pages/incidents/create-template';
import { deleteStatusIncident } from '@pagefree/core/status-pages/incidents/delete-status-incident';
import { deleteStatusTemplate } from '@pagefree/core/status-pages/incidents/delete-template';
import { getStatusIncident } from '@pagefree/core/status-pages/incidents/get-status-incident';
import { listStatusIncidents } from '@pagefree/core/status-pages/incidents/list-status-incidents';
import { listStatusTemplates } from '@pagefree/core/status-pages/incidents/list-templates';
import { updateStatusIncident } from '@pagefree/core/status-pages/incidents/update-status-incident';
import { updateStatusTemplate } from '@pagefree/core/status-pages/incidents/update-template';
import { cancelMaintenance } from '@pagefree/core/status-pages/maintenance/cancel-maintenance';
import { createMaintenance } from '@pagefree/core/status-pages/maintenance/create-maintenance';
import { listMaintenances } from '@pagefree/core/status-pages/maintenance/list-maintenances';
import { updateMaintenance } from '@pagefree/core/status-pages/maintenance/update-maintenance';
import { createStatusPage } from '@pagefree/core/status-pages/pages/create-page';
import { deleteStatusPage } from '@pagefree/core/status-pages/pages/delete-page';
import { getStatusPage } from '@pagefree/core/status-pages/pages/get-page';
import { listStatusPages } from '@pagefree/core/status-pages/pages/list-pages';
import { updateStatusPage } from '@pagefree/core/status-pages/pages/update-page';
import {
  addStatusIncidentUpdateInput,
  componentIdInput,
  createComponentInput,
  createMaintenanceInput,
  createPageInput,
  createSectionInput,
  createStatusIncidentInput,
  createTemplateInput,
  listMaintenancesInput,
  listStatusIncidentsInput,
  listSubscribersInput,
  maintenanceIdInput,
  pageIdInput,
  sectionIdInput,
  statusIncidentIdInput,
  subscriberIdInput,
  templateIdInput,
  updateComponentInput,
  updateMaintenanceInput,
  updatePageInput,
  updateSectionInput,
  updateStatusIncidentInput,
  updateTemplateInput,
} from '@pagefree/core/status-pages/schemas';
import { previewStatusPage } from '@pagefree/core/status-pages/snapshots/preview-page';
import { listSubscribers } from '@pagefree/core/status-pages/subscribers/list-subscribers';
import { removeSubscriber } from '@pagefree/core/status-pages/subscribers/remove-subscriber';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });
const done = { ok: true } as const;

function statusDeps(ctx: ApiContext): StatusAdminDeps {
  return {
    db: ctx.deps.db,
    clock: ctx.deps.clock,
    logger: ctx.logger,
    statusQueue: ctx.deps.status?.queue ?? null,
    statusSiteUrl: siteUrl(ctx),
  };
}

/** Without a configured status site URL, page links are relative to the status site root. */
function siteUrl(ctx: ApiContext): string {
  return ctx.deps.status?.siteUrl ?? '';
}

/**
 * Status page administration: pages, sections, components and their service mappings,
 * status incidents with updates and templates, maintenance, subscribers and a preview.
 * Who may call what is decided in `@pagefree/core/status-pages/access`: team observers
 * read, responders write status incidents, team admins configure.
 */
export const statusPagesRouter = router({
  list: read
    .input(z.object({ teamId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listStatusPages(ctx.deps.db, ctx.principal, input, siteUrl(ctx))),
  get: read
    .input(pageIdInput)
    .query(({ ctx, input }) => getStatusPage(ctx.deps.db, ctx.principal, input, siteUrl(ctx))),
  create: write
    .input(createPageInput)
    .mutation(({ ctx, input }) => createStatusPage(statusDeps(ctx), callerOf(ctx), input)),
  update: write
    .input(updatePageInput)
    .mutation(({ ctx, input }) => updateStatusPage(statusDeps(ctx), callerOf(ctx), input)),
  delete: write.input(pageIdInput).mutation(async ({ ctx, input }) => {
    await deleteStatusPage(statusDeps(ctx), callerOf(ctx), input);
    return done;
  }),

  /**
   * The page as the public would see it now, computed without publishing: the snapshot
   * JSON, and the HTML the status site would render from it when a renderer is wired.
   */
  preview: read.input(pageIdInput).query(async ({ ctx, input }) => {
    const preview = await previewStatusPage(ctx.deps.db, ctx.principal, input, {
      now: ctx.deps.clock.now(),
      statusSiteUrl: siteUrl(ctx),
    });
    const render = ctx.deps.status?.renderPreview;
    return { ...preview, html: render ? await render(preview.snapshot) : null };
  }),

  sections: router({
    create: write
      .input(createSectionInput)
      .mutation(({ ctx, input }) => createStatusSection(statusDeps(ctx), callerOf(ctx), input)),
    update: write
      .input(updateSectionInput)
      .mutation(({ ctx, input }) => updateStatusSection(statusDeps(ctx), callerOf(ctx), input)),
    delete: write.input(sectionIdInput).mutation(async ({ ctx, input }) => {
      await deleteStatusSection(statusDeps(ctx), callerOf(ctx), input);
      return done;
    }),
  }),

  components: router({
    create: write
      .input(createComponentInput)
      .mutation(({ ctx, input }) => createStatusComponent(statusDeps(ctx), callerOf(ctx), input)),
    update: write
      .input(updateComponentInput)
      .mutation(({ ctx, input }) => updateStatusComponent(statusDeps(ctx), callerOf(ctx), input)),
    delete: write.input(componentIdInput).mutation(async ({ ctx, input }) => {
      await deleteStatusComponent(statusDeps(ctx), callerOf(ctx), input);
      return done;
    }),
  }),

  incidents: router({
    list: read
      .input(listStatusIncidentsInput)
      .query(({ ctx, input }) => listStatusIncidents(ctx.deps.db, ctx.principal, input)),
    get: read
      .input(statusIncidentIdInput)
      .query(({ ctx, input }) => getStatusIncident(ctx.deps.db, ctx.principal, input)),
    create: write
      .input(createStatusIncidentInput)
      .mutation(({ ctx, input }) => createStatusIncident(statusDeps(ctx), callerOf(ctx), input)),
    addUpdate: write
      .input(addStatusIncidentUpdateInput)
      .mutation(({ ctx, input }) => addStatusIncidentUpdate(statusDeps(ctx), callerOf(ctx), input)),
    update: write
      .input(updateStatusIncidentInput)
      .mutation(({ ctx, input }) => updateStatusIncident(statusDeps(ctx), callerOf(ctx), input)),
    delete: write.input(statusIncidentIdInput).mutation(async ({ ctx, input }) => {
      await deleteStatusIncident(statusDeps(ctx), callerOf(ctx), input);
      return done;
    }),
  }),

  templates: router({
    list: read
      .input(pageIdInput)
      .query(({ ctx, input }) => listStatusTemplates(ctx.deps.db, ctx.principal, input)),
    create: write
      .input(createTemplateInput)
      .mutation(({ ctx, input }) => createStatusTemplate(statusDeps(ctx), callerOf(ctx), input)),
    update: write
      .input(updateTemplateInput)
      .mutation(({ ctx, input }) => updateStatusTemplate(statusDeps(ctx), callerOf(ctx), input)),
    delete: write.input(templateIdInput).mutation(async ({ ctx, input }) => {
      await deleteStatusTemplate(statusDeps(ctx), callerOf(ctx), input);
      return done;
    }),
  }),

  maintenances: router({
    list: read
      .input(listMaintenancesInput)
      .query(({ ctx, input }) => listMaintenances(ctx.deps.db, ctx.principal, input)),
    create: write
      .input(createMaintenanceInput)
      .mutation(({ ctx, input }) => createMaintenance(statusDeps(ctx), callerOf(ctx), input)),
    update: write
      .input(updateMaintenanceInput)
      .mutation(({ ctx, input }) => updateMaintenance(statusDeps(ctx), callerOf(ctx), input)),
    cancel: write
      .input(maintenanceIdInput)
      .mutation(({ ctx, input }) => cancelMaintenance(statusDeps(ctx), callerOf(ctx), input)),
  }),

  subscribers: router({
    list: read
      .input(listSubscribersInput)
      .query(({ ctx, input }) => listSubscribers(ctx.deps.db, ctx.principal, input)),
    remove: write.input(subscriberIdInput).mutation(async ({ ctx, input }) => {
      await removeSubscriber(statusDeps(ctx), callerOf(ctx), input);
      return done;
    }),
  }),
});
