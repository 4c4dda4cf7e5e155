import type { ServiceProvider } from '../../framework/types';

/** The sns provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'sns',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
