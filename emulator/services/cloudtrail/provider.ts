import type { ServiceProvider } from '../../framework/types';
import { lookupHandlers } from './lookup-handler';
import { selectorHandlers } from './selector-handlers';
import { createCloudTrailState, type CloudTrailState } from './store';
import { tagHandlers } from './tag-handlers';
import { trailHandlers } from './trail-handlers';

/** The CloudTrail provider: one state per account (multi-region trails are seen from every region). */
export const provider: ServiceProvider<CloudTrailState> = {
  service: 'cloudtrail',
  scope: 'account',
  createState: createCloudTrailState,
  handlers: { ...trailHandlers, ...selectorHandlers, ...tagHandlers, ...lookupHandlers },
};
