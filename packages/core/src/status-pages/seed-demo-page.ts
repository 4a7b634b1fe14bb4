import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Caller } from '../shared/caller.ts';
import { systemClock } from '../shared/clock.ts';
import { createStatusComponent } from './components/create-component.ts';
import { createStatusSection } from './components/create-section.ts';
import { createStatusPage } from './pages/create-page.ts';

export const DEMO_STATUS_SLUG = 'demo';

/**
 * Creates the demo organisation's public status page through the real services: a
 * Payments section whose Checkout component follows the given service, plus two
 * components without a service. Nothing is queued; the worker's status sweeper publishes
 * the page when it starts.
 */
export async function seedDemoStatusPage(
  db: Db,
  caller: Caller,
  input: { teamId: string; serviceId: string; statusSiteUrl: string; logger: Logger },
): Promise<void> {
  const deps = {
    db,
    clock: systemClock,
    logger: input.logger,
    statusQueue: null,
    statusSiteUrl: input.statusSiteUrl,
  };
  const page = await createStatusPage(deps, caller, {
    teamId: input.teamId,
    slug: DEMO_STATUS_SLUG,
    name: 'PageFree Demo',
    description: 'Live status of the demo shop. Send the demo alert to see an outage here.',
    visibility: 'public',
    timeZone: 'Europe/Berlin',
    frameAncestors: [],
    supportUrl: null,
  });
  const payments = await createStatusSection(deps, caller, { pageId: page.id, name: 'Payments' });
  await createStatusComponent(deps, caller, {
    pageId: page.id,
    sectionId: payments.id,
    name: 'Checkout',
    description: 'Taking payments at checkout',
    showUptime: true,
    serviceIds: [input.serviceId],
  });
  await createStatusComponent(deps, caller, {
    pageId: page.id,
    sectionId: payments.id,
    name: 'Card processing',
    description: '',
    showUptime: true,
    serviceIds: [],
  });
  await createStatusComponent(deps, caller, {
    pageId: page.id,
    sectionId: null,
    name: 'Website',
    description: '',
    showUptime: true,
    serviceIds: [],
  });
}
