import type { ServiceProvider } from '../../framework/types';

/** The ec2 provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'ec2',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
