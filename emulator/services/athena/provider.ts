import type { ServiceProvider } from '../../framework/types';
import { createAthenaState, type AthenaState } from './state';
import { workGroupHandlers } from './workgroup-handlers';
import { catalogHandlers } from './catalog-handlers';
import { executionHandlers } from './execution-handlers';

/** Athena: workgroups, the AwsDataCatalog metadata API, and query executions run on DuckDB over the emulator's S3 objects. */
export const provider: ServiceProvider<AthenaState> = {
  service: 'athena',
  scope: 'region',
  createState: createAthenaState,
  handlers: { ...workGroupHandlers, ...catalogHandlers, ...executionHandlers },
};
