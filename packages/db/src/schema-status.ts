/** Status page tables: pages, components, status incidents, maintenance, subscribers. */
export type StatusTables = Record<never, never>;
