import type { ServiceProvider } from '../../framework/types';

/** The monitoring provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'monitoring',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
