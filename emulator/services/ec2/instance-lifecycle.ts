import { TERMINATED_VISIBLE_MS, type Ec2State, type InstanceRec, type InstanceStateName, type InstanceTimings, type InstanceTransition } from './state';

/**
 * The instance state machine (pending → running → shutting-down → terminated, and
 * stopping → stopped) as scheduled transitions: the state is computed from the clock when it is
 * read, so no timers run and a fake clock drives it deterministically.
 */

/** The transition in force at `now` (the last one whose time has passed). */
export function currentTransition(inst: InstanceRec, now: number): InstanceTransition {
  let current = inst.transitions[0];
  for (const t of inst.transitions) if (t.at <= now) current = t;
  return current;
}

/** The instance's state name at `now`. */
export function stateAt(inst: InstanceRec, now: number): InstanceStateName {
  return currentTransition(inst, now).state;
}

/** Drops transitions scheduled after `now` (a new request overrides what was still to come). */
function cutFuture(inst: InstanceRec, now: number): void {
  inst.transitions = inst.transitions.filter((t) => t.at <= now);
}

/** Schedules a launch: pending now, running after the profile's pending time. */
export function scheduleLaunch(inst: InstanceRec, now: number, timing: InstanceTimings): void {
  inst.transitions = [
    { at: now, state: 'pending' },
    { at: now + timing.pendingMs, state: 'running' },
  ];
}

/** Schedules termination: shutting-down now, terminated after the profile's shutdown time. */
export function scheduleTerminate(inst: InstanceRec, now: number, timing: InstanceTimings): void {
  cutFuture(inst, now);
  const reason = `User initiated (${new Date(now).toISOString().replace('T', ' ').slice(0, 19)} GMT)`;
  inst.transitions.push(
    { at: now, state: 'shutting-down', reason },
    { at: now + timing.shuttingDownMs, state: 'terminated', reason },
  );
}

/** Schedules a stop: stopping now, stopped after the profile's stopping time. */
export function scheduleStop(inst: InstanceRec, now: number, timing: InstanceTimings): void {
  cutFuture(inst, now);
  const reason = `User initiated (${new Date(now).toISOString().replace('T', ' ').slice(0, 19)} GMT)`;
  inst.transitions.push({ at: now, state: 'stopping', reason }, { at: now + timing.stoppingMs, state: 'stopped', reason });
}

/** Schedules a start of a stopped instance: pending now, running after the pending time. */
export function scheduleStart(inst: InstanceRec, now: number, timing: InstanceTimings): void {
  cutFuture(inst, now);
  inst.transitions.push({ at: now, state: 'pending' }, { at: now + timing.pendingMs, state: 'running' });
}

/** When the instance reached `terminated`, or undefined if it has not. */
export function terminatedAt(inst: InstanceRec, now: number): number | undefined {
  const t = inst.transitions.find((x) => x.state === 'terminated' && x.at <= now);
  return t?.at;
}

/**
 * Applies the side effects of transitions that have passed: a terminated instance releases its
 * network interfaces (and their flow logs, as AWS deletes a flow log with its resource), a stopped
 * one its public IP, and an instance terminated longer than the visibility window disappears.
 * Returns true when state changed.
 */
export function settleInstances(st: Ec2State, now: number): boolean {
  let changed = false;
  for (const inst of Object.values(st.instances)) {
    const state = stateAt(inst, now);
    if (state === 'terminated' && !inst.released) {
      for (const eni of Object.values(st.enis)) {
        if (eni.attachment?.instanceId !== inst.id) continue;
        delete st.enis[eni.id];
        delete st.tags[eni.id];
        for (const fl of Object.values(st.flowLogs)) if (fl.resourceId === eni.id) delete st.flowLogs[fl.id];
      }
      inst.released = true;
      changed = true;
    }
    if (state === 'stopped') {
      const eni = st.enis[inst.primaryEniId];
      if (eni?.publicIp) {
        delete eni.publicIp;
        changed = true;
      }
    }
    const endedAt = terminatedAt(inst, now);
    if (endedAt !== undefined && now - endedAt >= TERMINATED_VISIBLE_MS) {
      delete st.instances[inst.id];
      delete st.tags[inst.id];
      changed = true;
    }
  }
  return changed;
}
