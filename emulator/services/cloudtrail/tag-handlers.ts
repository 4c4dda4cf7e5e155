import type { Handler, RequestContext } from '../../framework/types';
import { ctErrors } from './errors';
import type { CloudTrailState, Trail } from './store';

function trailById(ctx: RequestContext, id: unknown): Trail {
  const trail = ctx.state<CloudTrailState>().trails[String(id ?? '')];
  if (!trail) throw ctErrors.resourceNotFound(String(id));
  return trail;
}

function addTags(input: any, ctx: RequestContext) {
  const trail = trailById(ctx, input.ResourceId);
  const merged = new Map(trail.Tags.map((t) => [t.Key, t.Value] as [string, string]));
  for (const t of input.TagsList ?? []) {
    if (typeof t.Key !== 'string' || t.Key.length < 1 || t.Key.length > 128) throw ctErrors.tags('Tag key must be between 1 and 128 characters.');
    merged.set(t.Key, t.Value ?? '');
  }
  if (merged.size > 50) throw ctErrors.tags('The number of tags exceeds the limit of 50.');
  trail.Tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  ctx.runtime.markDirty();
  return {};
}

function removeTags(input: any, ctx: RequestContext) {
  const trail = trailById(ctx, input.ResourceId);
  const drop = new Set((input.TagsList ?? []).map((t: any) => t.Key));
  trail.Tags = trail.Tags.filter((t) => !drop.has(t.Key));
  ctx.runtime.markDirty();
  return {};
}

function listTags(input: any, ctx: RequestContext) {
  const ids: string[] = input.ResourceIdList ?? [];
  return { ResourceTagList: ids.map((id) => ({ ResourceId: id, TagsList: trailById(ctx, id).Tags })) };
}

/** Trail tagging operations (resources are named by trail ARN). */
export const tagHandlers: Record<string, Handler> = { AddTags: addTags, RemoveTags: removeTags, ListTags: listTags };
