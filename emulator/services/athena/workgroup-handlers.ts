/** Workgroups: `primary` always exists; its result location is what StartQueryExecution falls back to. */
import type { Handler, RequestContext } from '../../framework/types';
import { invalidRequest } from './errors';
import { newWorkGroup, type AthenaState, type WorkGroupRecord } from './state';

const ENGINE_VERSION = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };

/** The workgroup or the InvalidRequestException AWS answers for an unknown one. */
export function requireWorkGroup(state: AthenaState, name: string): WorkGroupRecord {
  const wg = state.workGroups[name];
  if (!wg) throw invalidRequest(`WorkGroup ${name} is not found.`);
  return wg;
}

function view(wg: WorkGroupRecord) {
  return {
    Name: wg.name,
    State: wg.state,
    Description: wg.description,
    CreationTime: new Date(wg.createdAt),
    Configuration: {
      ResultConfiguration: wg.outputLocation ? { OutputLocation: wg.outputLocation } : {},
      EnforceWorkGroupConfiguration: wg.enforce,
      PublishCloudWatchMetricsEnabled: wg.publishCloudWatchMetrics,
      RequesterPaysEnabled: wg.requesterPays,
      BytesScannedCutoffPerQuery: wg.bytesScannedCutoffPerQuery,
      EngineVersion: ENGINE_VERSION,
    },
  };
}

function applyConfiguration(wg: WorkGroupRecord, c: any): void {
  if (!c) return;
  if (c.EnforceWorkGroupConfiguration !== undefined) wg.enforce = !!c.EnforceWorkGroupConfiguration;
  if (c.PublishCloudWatchMetricsEnabled !== undefined) wg.publishCloudWatchMetrics = !!c.PublishCloudWatchMetricsEnabled;
  if (c.RequesterPaysEnabled !== undefined) wg.requesterPays = !!c.RequesterPaysEnabled;
  if (c.BytesScannedCutoffPerQuery !== undefined) wg.bytesScannedCutoffPerQuery = Number(c.BytesScannedCutoffPerQuery);
  if (c.RemoveBytesScannedCutoffPerQuery) delete wg.bytesScannedCutoffPerQuery;
  const rc = c.ResultConfiguration ?? c.ResultConfigurationUpdates;
  if (rc?.OutputLocation !== undefined) wg.outputLocation = checkLocation(rc.OutputLocation);
  if (rc?.RemoveOutputLocation) delete wg.outputLocation;
}

/** Result locations must be s3:// URIs. */
export function checkLocation(location: string): string {
  if (!/^s3:\/\/[^/]+/.test(location)) {
    throw invalidRequest(`The S3 location provided to save your query results is invalid. Please check your S3 location is correct and is in the same region and try again. If you continue to see the issue, contact customer support for further assistance.`);
  }
  return location;
}

/**
 * A region's state starts before any clock is at hand, so `primary` is created with no time; AWS
 * creates it when the account first uses Athena in the region, so it takes the time of that first use.
 */
function state(ctx: RequestContext): AthenaState {
  const s = ctx.state<AthenaState>();
  const primary = s.workGroups.primary;
  if (primary && !primary.createdAt) {
    primary.createdAt = ctx.clock.now();
    ctx.runtime.markDirty();
  }
  return s;
}

export const workGroupHandlers: Record<string, Handler> = {
  CreateWorkGroup: (input, ctx) => {
    const s = state(ctx);
    const name = String(input.Name ?? '');
    if (!/^[a-zA-Z0-9._-]{1,128}$/.test(name)) throw invalidRequest(`WorkGroup name ${name} is invalid.`);
    if (s.workGroups[name]) throw invalidRequest('WorkGroup is already created');
    const wg = newWorkGroup(name, ctx.clock.now());
    wg.description = input.Description;
    wg.tags = input.Tags ?? [];
    applyConfiguration(wg, input.Configuration);
    s.workGroups[name] = wg;
    ctx.runtime.markDirty();
    return {};
  },
  GetWorkGroup: (input, ctx) => ({ WorkGroup: view(requireWorkGroup(state(ctx), String(input.WorkGroup))) }),
  UpdateWorkGroup: (input, ctx) => {
    const wg = requireWorkGroup(state(ctx), String(input.WorkGroup));
    if (input.Description !== undefined) wg.description = input.Description;
    if (input.State !== undefined) wg.state = input.State === 'DISABLED' ? 'DISABLED' : 'ENABLED';
    applyConfiguration(wg, input.ConfigurationUpdates);
    ctx.runtime.markDirty();
    return {};
  },
  ListWorkGroups: (input, ctx) => {
    const all = Object.values(state(ctx).workGroups).sort((a, b) => a.name.localeCompare(b.name));
    const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString()) || 0 : 0;
    const max = Math.min(Math.max(Number(input.MaxResults ?? 50), 1), 50);
    const page = all.slice(start, start + max);
    return {
      WorkGroups: page.map((wg) => ({ Name: wg.name, State: wg.state, Description: wg.description, CreationTime: new Date(wg.createdAt), EngineVersion: ENGINE_VERSION })),
      NextToken: start + max < all.length ? Buffer.from(String(start + max)).toString('base64') : undefined,
    };
  },
  DeleteWorkGroup: (input, ctx) => {
    const s = state(ctx);
    const name = String(input.WorkGroup);
    if (name === 'primary') throw invalidRequest('primary workgroup could not be deleted');
    requireWorkGroup(s, name);
    delete s.workGroups[name];
    ctx.runtime.markDirty();
    return {};
  },
};
