import type { IamRole } from './store';

// IAM is eventually consistent: "changes that you make in IAM … take time to become visible" to
// the services that use them (IAM user guide, "Troubleshoot IAM: changes that I make are not
// always immediately visible"). The aws time profile models it as one delay after a role's
// creation or last change; a service using the role before then fails as it would on AWS.

/** Where the time of a role's last change is kept (an optional member, so old snapshots load). */
type Stamped = IamRole & { changedAt?: number };

/** Records that a role (its trust or permissions) changed at `nowMs`. */
export function markRoleChanged(role: IamRole, nowMs: number): void {
  (role as Stamped).changedAt = nowMs;
}

/** Whether the role's latest creation or change has reached the services by `atMs`. */
export function rolePropagated(role: IamRole, atMs: number, delayMs: number): boolean {
  if (delayMs <= 0) return true;
  const last = Math.max(role.CreateDate, (role as Stamped).changedAt ?? 0);
  return atMs >= last + delayMs;
}
