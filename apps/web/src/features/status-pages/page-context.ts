import { useOutletContext } from 'react-router';
import type { StatusPageAccess } from './page-access.ts';
import type { StatusPage } from './types.ts';

export interface StatusPageContext {
  page: StatusPage;
  access: StatusPageAccess;
}

/** Returns the status page that the panels under its layout show, with the user's access. */
export function useStatusPageContext(): StatusPageContext {
  return useOutletContext<StatusPageContext>();
}
