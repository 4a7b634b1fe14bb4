import type { RouterInputs, RouterOutputs } from '../../lib/trpc.ts';

type StatusPagesOutputs = RouterOutputs['statusPages'];

export type StatusPageSummary = StatusPagesOutputs['list'][number];
export type StatusPage = StatusPagesOutputs['get'];
export type StatusSection = StatusPage['sections'][number];
export type StatusComponent = StatusPage['components'][number];
export type PagePreview = StatusPagesOutputs['preview'];
export type StatusIncident = StatusPagesOutputs['incidents']['get'];
export type StatusIncidentSummary = StatusPagesOutputs['incidents']['list'][number];
export type StatusTemplate = StatusPagesOutputs['templates']['list'][number];
export type Maintenance = StatusPagesOutputs['maintenances']['list'][number];
export type Subscriber = StatusPagesOutputs['subscribers']['list'][number];

export type ComponentStatus = PagePreview['snapshot']['components'][number]['status'];
export type IncidentStatus = StatusIncident['status'];
export type Impact = StatusIncident['impact'];
/** The impact a status incident states for one component (maintenance is not one). */
export type ComponentImpact = NonNullable<
  RouterInputs['statusPages']['incidents']['create']['components']
>[number]['status'];
export type MaintenanceState = Maintenance['state'];
export type RecurrenceFrequency = NonNullable<Maintenance['recurrence']>['frequency'];
