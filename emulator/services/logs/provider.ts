import type { ServiceProvider } from '../../framework/types';

/** The logs provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'logs',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
