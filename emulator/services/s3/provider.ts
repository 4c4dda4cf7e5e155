import type { ServiceProvider } from '../../framework/types';
import { bucketHandlers } from './bucket-handlers';
import { listHandlers } from './list-objects';
import { objectHandlers } from './object-handlers';
import { taggingHandlers } from './tagging-handlers';
import { createS3State, type S3State } from './store';

/** The S3 provider: one state for all accounts, because bucket names are global. */
export const provider: ServiceProvider<S3State> = {
  service: 's3',
  scope: 'global',
  createState: createS3State,
  handlers: { ...bucketHandlers, ...objectHandlers, ...listHandlers, ...taggingHandlers },
};
