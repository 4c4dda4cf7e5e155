import type { ServiceProvider } from '../../framework/types';

/** The sts provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'sts',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
