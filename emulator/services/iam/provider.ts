import type { ServiceProvider } from '../../framework/types';

/** The iam provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'iam',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
