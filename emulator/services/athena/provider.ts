import type { ServiceProvider } from '../../framework/types';

/** The athena provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'athena',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
