import { parseArn } from '../../core/ids';
import { deliverAlarmNotifications, evaluateAllAlarms } from '../alarms';
import { deliver, type DeliverableFlowLog, type DeliveryWorld } from '../capture/delivery';
import type { EniFacts } from '../capture/record-values';
import { FlowTable, type FlowSample } from '../capture/flow-table';
import { NoiseGenerator, type NoiseOptions } from '../capture/noise';
import { drawFrom, profileOf, type TimeProfile } from '../framework/time-profile';
import type { EmulatorRuntime, ServiceName } from '../framework/types';
import { BEFORE_CLOUD_INIT, loginConfig } from '../network/cloud-config';
import { InstanceNetwork } from '../network/instance-network';
import * as ec2 from '../services/ec2/store';
import { rolePropagated } from '../services/iam/propagation';
import { roleTrustsService, getRoleByArn, type IamState } from '../services/iam/store';
import { currentTransition } from '../services/ec2/instance-lifecycle';
import { ingestEvents, type LogsState } from '../services/logs/store';
import { publishLogMetrics } from '../services/logs/publish-metrics';
import type { MonitoringState } from '../services/monitoring/types';
import { getBucket, putObjectInternal, type S3State } from '../services/s3/store';
import { publishInternal, type SnsState } from '../services/sns/store';
import { TrailDelivery } from './trail-delivery';

/** The public IP loopback clients appear as (RFC 5737 TEST-NET-1: never a real host). */
export const DEFAULT_CLIENT_IP = '192.0.2.44';

/** Samples waiting for their destination's delivery time (realtime and aws profiles). */
interface PendingDelivery {
  dueMs: number;
  only: 'cloud-watch-logs' | 's3';
  samples: FlowSample[];
  /** aws profile: the flow logs of each ENI when the window closed (records in flight outlive DeleteFlowLogs). */
  flowLogs?: Map<string, { eni: EniFacts; flowLogs: DeliverableFlowLog[] } | undefined>;
}

/**
 * The emulator's data plane: real loopback servers for running instances, capture windows over
 * their traffic, flow-log delivery, metric filters feeding CloudWatch, alarm evaluation and SNS.
 * One tick loop drives it through the runtime's injectable clock.
 */
export class LabEngines {
  readonly flows = new FlowTable();
  readonly network: InstanceNetwork;
  clientIp: string;
  private readonly stop = new AbortController();
  private delivered = 0;
  private pending: PendingDelivery[] = [];
  private readonly noise?: NoiseGenerator;
  /** CloudTrail's log-file and CloudWatch Logs delivery, driven by the same beat. */
  readonly trails: TrailDelivery;
  /** When the open capture window began. */
  private windowStartMs: number;

  constructor(private readonly runtime: EmulatorRuntime, clientIp = process.env.LABWRIGHT_CLIENT_IP || DEFAULT_CLIENT_IP, noise?: NoiseOptions) {
    this.clientIp = clientIp;
    this.network = new InstanceNetwork(this.flows, runtime.clock, () => this.clientIp);
    if (noise && noise.perWindow > 0) this.noise = new NoiseGenerator(noise);
    this.trails = new TrailDelivery(runtime);
    this.windowStartMs = runtime.clock.now();
  }

  /** The time profile's durations (framework/time-profile.ts: one table for every delay). */
  private get profile(): TimeProfile {
    return profileOf(this.runtime);
  }

  private state<S>(service: ServiceName, accountId: string, region: string): S {
    return this.runtime.stateOf!<S>(service, accountId, region);
  }

  private scopes(service: ServiceName) {
    return this.runtime.scopesOf?.(service) ?? [];
  }

  /** Gives every running instance its servers and stops those of instances no longer running. */
  async reconcileNetwork(): Promise<void> {
    const now = this.runtime.clock.now();
    const wanted = new Set<string>();
    for (const { accountId, region } of this.scopes('ec2')) {
      const st = this.state<ec2.Ec2State>('ec2', accountId, region);
      for (const inst of ec2.listRunningInstances(st, now)) {
        wanted.add(inst.id);
        await this.network.attach({
          instanceId: inst.id,
          hostname: `ip-${inst.privateIp.replace(/\./g, '-')}.ec2.internal`,
          eni: () => {
            const eni = ec2.findEni(st, inst.primaryEniId);
            return eni ? { eniId: eni.id, privateIp: eni.privateIp } : undefined;
          },
          permissions: () => ec2.ingressPermissionsOf(st, inst.primaryEniId),
          login: () =>
            this.cloudInitDone(st, inst.id) ? loginConfig(ec2.userDataText(inst), inst.keyName ? ec2.keyPairPublicKey(st, inst.keyName) : undefined) : BEFORE_CLOUD_INIT,
        });
      }
    }
    for (const id of this.network.instanceIds()) if (!wanted.has(id)) await this.network.detach(id);
  }

  /**
   * sshd answers as soon as the instance runs, but cloud-init sets up the logins (the key pair's
   * key, cloud-config users and passwords) a while later; until then every login is refused.
   */
  private cloudInitDone(st: ec2.Ec2State, instanceId: string): boolean {
    const wait = this.profile.durations.cloudInitMs;
    if (wait <= 0) return true;
    const inst = ec2.findInstance(st, instanceId);
    if (!inst) return false;
    const now = this.runtime.clock.now();
    const t = currentTransition(inst, now);
    return t.state === 'running' && now >= t.at + wait;
  }

  /** Finds which account and region an ENI lives in. */
  private eniScope(eniId: string): { accountId: string; region: string; st: ec2.Ec2State } | undefined {
    for (const { accountId, region } of this.scopes('ec2')) {
      const st = this.state<ec2.Ec2State>('ec2', accountId, region);
      if (ec2.findEni(st, eniId)) return { accountId, region, st };
    }
    return undefined;
  }

  private world(): DeliveryWorld {
    const now = () => this.runtime.clock.now();
    return {
      eni: (eniId) => {
        const s = this.eniScope(eniId);
        return s && ec2.eniFacts(s.st, eniId, s.accountId, s.region);
      },
      flowLogsFor: (eni) => {
        const start = this.profile.durations.captureStart;
        return ec2.deliverableFlowLogsForEni(this.state('ec2', eni.accountId, eni.region), eni.eniId, eni.accountId, eni.region).map((fl) =>
          // Each flow log starts capturing after its own, seeded, delay (0 outside the aws profile).
          start.maxMs > 0 && fl.createdAt !== undefined ? { ...fl, captureFromMs: fl.createdAt + drawFrom(start, fl.flowLogId) } : fl,
        );
      },
      roleUsable: (accountId, roleArn, atMs) => {
        if (!roleArn) return false;
        const role = getRoleByArn(this.state<IamState>('iam', parseArn(roleArn)?.account ?? accountId, 'us-east-1'), roleArn);
        return !!role && roleTrustsService(role, 'vpc-flow-logs.amazonaws.com') && rolePropagated(role, atMs, this.profile.durations.iamPropagationMs);
      },
      putLogEvents: (accountId, region, group, stream, events) => {
        const logs = this.state<LogsState>('logs', accountId, region);
        ingestEvents(logs, group, stream, events, now());
        publishLogMetrics(logs, this.state<MonitoringState>('monitoring', accountId, region));
      },
      putObject: (bucket, key, body) => {
        const s3 = this.state<S3State>('s3', this.runtime.defaultAccountId ?? '000000000000', 'us-east-1');
        if (!getBucket(s3, bucket)) return false;
        putObjectInternal(s3, bucket, key, body, 'application/octet-stream', now());
        return true;
      },
      setDeliveryStatus: (flowLogId, accountId, region, error) => ec2.setFlowLogDeliveryError(this.state('ec2', accountId, region), flowLogId, error),
    };
  }

  /** The flow logs of each ENI of the samples, as they are now. */
  private flowLogsOf(samples: FlowSample[]): Map<string, { eni: EniFacts; flowLogs: DeliverableFlowLog[] } | undefined> {
    const world = this.world();
    const out = new Map<string, { eni: EniFacts; flowLogs: DeliverableFlowLog[] } | undefined>();
    for (const { eniId } of samples) {
      if (out.has(eniId)) continue;
      const eni = world.eni(eniId);
      out.set(eniId, eni && { eni, flowLogs: world.flowLogsFor(eni) });
    }
    return out;
  }

  /** The ENIs of running instances (for background noise). */
  private runningEnis(): Array<{ eniId: string; privateIp: string }> {
    const now = this.runtime.clock.now();
    const out: Array<{ eniId: string; privateIp: string }> = [];
    for (const { accountId, region } of this.scopes('ec2')) {
      const st = this.state<ec2.Ec2State>('ec2', accountId, region);
      for (const inst of ec2.listRunningInstances(st, now)) {
        const eni = ec2.findEni(st, inst.primaryEniId);
        if (eni) out.push({ eniId: eni.id, privateIp: eni.privateIp });
      }
    }
    return out;
  }

  /**
   * Closes the open capture window. Its records go out now in the fast profile; in realtime and
   * aws they wait for each destination's own delivery time, the two destinations independently.
   * `force` delivers everything pending at once.
   */
  deliverNow(force = false): number {
    const now = this.runtime.clock.now();
    const { durations: d, strict } = this.profile;
    if (this.noise) this.noise.addTo(this.flows, this.runningEnis(), now);
    const windowStart = this.windowStartMs;
    this.windowStartMs = now;
    let samples = this.flows.drain();
    // AWS aggregates a flow over the whole interval: its record's start and end are the window's.
    if (strict) samples = samples.map((s) => ({ ...s, firstMs: Math.min(windowStart, s.firstMs), lastMs: Math.max(now, s.lastMs) }));
    if (samples.length) {
      // Under aws, a closed window's records are on their way: a flow log deleted after the window
      // closed still delivers them (and delivery creates a missing log group, as AWS's role may).
      const flowLogs = strict ? this.flowLogsOf(samples) : undefined;
      // CloudWatch Logs: each window after its own, seeded, delivery delay.
      this.pending.push({ dueMs: now + drawFrom(d.logsDelivery, `cwl|${now}`), only: 'cloud-watch-logs', samples, flowLogs });
      // An S3 file holds the records whose end falls in its period; it is published when the period is over (plus the publishing delay).
      const s3Due = d.s3FileMs ? Math.floor(now / d.s3FileMs) * d.s3FileMs + d.s3FileMs + d.s3PublishMs : now;
      this.pending.push({ dueMs: s3Due, only: 's3', samples, flowLogs });
    }
    const due = force ? this.pending : this.pending.filter((p) => p.dueMs <= now);
    if (!due.length) return 0;
    this.pending = force ? [] : this.pending.filter((p) => p.dueMs > now);
    let records = 0;
    const world = this.world();
    for (const only of ['cloud-watch-logs', 's3'] as const) {
      const batch = due.filter((p) => p.only === only && !p.flowLogs).flatMap((p) => p.samples);
      if (batch.length) records += deliver(batch, world, only).records;
      for (const p of due.filter((p) => p.only === only && p.flowLogs)) {
        const at = p.flowLogs!;
        records += deliver(p.samples, { ...world, eni: (id) => at.get(id)?.eni, flowLogsFor: (eni) => at.get(eni.eniId)?.flowLogs ?? [] }, only).records;
      }
    }
    this.delivered += records;
    this.runtime.markDirty();
    return records;
  }

  /**
   * AWS evaluates completed minutes only. The fast profile closes the current minute early, so an
   * alarm reacts to a datapoint at once (a lab in seconds); realtime keeps AWS's pace. The aws
   * profile scales the wait for a minute to complete: a minute counts once 60 s × F of it passed.
   */
  private evaluationMoment(now: number): number {
    const { name, timeScale } = this.profile;
    if (name === 'fast') return Math.floor(now / 60_000) * 60_000 + 60_000;
    if (name === 'aws') return now + Math.round(60_000 * Math.max(0, 1 - timeScale));
    return now;
  }

  /** Evaluates every alarm now and publishes the notifications of transitions to SNS. */
  evaluateAlarms(): void {
    const now = this.runtime.clock.now();
    for (const { accountId, region } of this.scopes('monitoring')) {
      const mon = this.state<MonitoringState>('monitoring', accountId, region);
      // Metric-filter datapoints from PutLogEvents wait in the Logs state until someone hands them over.
      publishLogMetrics(this.state<LogsState>('logs', accountId, region), mon);
      const notes = evaluateAllAlarms(mon, now, this.evaluationMoment(now));
      if (!notes.length) continue;
      deliverAlarmNotifications(
        mon,
        notes,
        (note) => {
          const topic = parseArn(note.topicArn);
          if (!topic) return undefined;
          return publishInternal(this.state<SnsState>('sns', topic.account, topic.region), note.topicArn, note.subject, note.message, now);
        },
        now,
      );
      this.runtime.markDirty();
    }
  }

  /** One beat: servers follow instance states, the capture window closes and alarms are evaluated. */
  async tick(): Promise<void> {
    await this.reconcileNetwork();
    this.deliverNow();
    this.trails.deliver();
    this.evaluateAlarms();
  }

  /** Flushes everything now (the control API's flush): open windows delivered, alarms evaluated. */
  async flush(): Promise<{ records: number; trailRecords: number }> {
    await this.reconcileNetwork();
    // Let the last bytes of just-closed connections be counted before the window closes.
    await new Promise((r) => setImmediate(r));
    const records = this.deliverNow(true);
    const trailRecords = this.trails.deliver(true);
    this.evaluateAlarms();
    return { records, trailRecords };
  }

  /** Starts the tick loop on the runtime's clock. */
  start(): void {
    const windowMs = this.profile.durations.captureWindowMs;
    void (async () => {
      while (!this.stop.signal.aborted) {
        try {
          await this.runtime.clock.sleep(windowMs, this.stop.signal);
          await this.tick();
        } catch {
          if (this.stop.signal.aborted) return;
        }
      }
    })();
  }

  /** Records delivered since start. */
  get deliveredRecords(): number {
    return this.delivered;
  }

  /** Stops the loop and every instance server. */
  async close(): Promise<void> {
    this.stop.abort();
    this.pending = [];
    await this.network.close();
  }
}
