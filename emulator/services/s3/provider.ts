import type { ServiceProvider } from '../../framework/types';

/** The s3 provider: operations are added to the handler table as they are implemented. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 's3',
  scope: 'region',
  createState: () => ({}),
  handlers: {},
};
