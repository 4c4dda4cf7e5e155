import { parseArn } from '../../core/ids';
import { deliverAlarmNotifications, evaluateAllAlarms } from '../alarms';
import { deliver, type DeliveryWorld } from '../capture/delivery';
import { FlowTable, type FlowSample } from '../capture/flow-table';
import { NoiseGenerator, type NoiseOptions } from '../capture/noise';
import type { EmulatorRuntime, ServiceName } from '../framework/types';
import { loginConfig } from '../network/cloud-config';
import { InstanceNetwork } from '../network/instance-network';
import * as ec2 from '../services/ec2/store';
import { roleTrustsService, getRoleByArn, type IamState } from '../services/iam/store';
import { ingestEvents, type LogsState } from '../services/logs/store';
import { publishLogMetrics } from '../services/logs/publish-metrics';
import type { MonitoringState } from '../services/monitoring/types';
import { getBucket, putObjectInternal, type S3State } from '../services/s3/store';
import { publishInternal, type SnsState } from '../services/sns/store';
import { TrailDelivery } from './trail-delivery';

/** The public IP loopback clients appear as (RFC 5737 TEST-NET-1: never a real host). */
export const DEFAULT_CLIENT_IP = '192.0.2.44';

/** Cadence of the engines per time profile (architecture §6, aws-fidelity §1.3 and §3). */
const CADENCE = {
  // About a second per capture window, delivery right after, alarms evaluated continuously.
  fast: { windowMs: 1000, logsDelayMs: 0, s3FileMs: 0 },
  // AWS's own pace: one-minute capture windows; CloudWatch Logs gets them ~5 minutes after the
  // traffic; S3 files hold five minutes of records and are published when the five minutes end.
  realtime: { windowMs: 60_000, logsDelayMs: 240_000, s3FileMs: 300_000 },
} as const;

/** Samples waiting for their destination's delivery time (the realtime profile). */
interface PendingDelivery {
  dueMs: number;
  only: 'cloud-watch-logs' | 's3';
  samples: FlowSample[];
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

  constructor(private readonly runtime: EmulatorRuntime, clientIp = process.env.LABWRIGHT_CLIENT_IP || DEFAULT_CLIENT_IP, noise?: NoiseOptions) {
    this.clientIp = clientIp;
    this.network = new InstanceNetwork(this.flows, runtime.clock, () => this.clientIp);
    if (noise && noise.perWindow > 0) this.noise = new NoiseGenerator(noise);
    this.trails = new TrailDelivery(runtime);
  }

  private get cadence() {
    return CADENCE[this.runtime.profile ?? 'fast'];
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
          login: () => loginConfig(ec2.userDataText(inst), inst.keyName ? ec2.keyPairPublicKey(st, inst.keyName) : undefined),
        });
      }
    }
    for (const id of this.network.instanceIds()) if (!wanted.has(id)) await this.network.detach(id);
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
      flowLogsFor: (eni) => ec2.deliverableFlowLogsForEni(this.state('ec2', eni.accountId, eni.region), eni.eniId, eni.accountId, eni.region),
      roleUsable: (accountId, roleArn) => {
        if (!roleArn) return false;
        const role = getRoleByArn(this.state<IamState>('iam', parseArn(roleArn)?.account ?? accountId, 'us-east-1'), roleArn);
        return !!role && roleTrustsService(role, 'vpc-flow-logs.amazonaws.com');
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
   * Closes the open capture window. Its records go out now in the fast profile; in realtime they
   * wait for each destination's own delivery time. `force` delivers everything pending at once.
   */
  deliverNow(force = false): number {
    const now = this.runtime.clock.now();
    if (this.noise) this.noise.addTo(this.flows, this.runningEnis(), now);
    const samples = this.flows.drain();
    const { logsDelayMs, s3FileMs } = this.cadence;
    if (samples.length) {
      this.pending.push({ dueMs: now + logsDelayMs, only: 'cloud-watch-logs', samples });
      // An S3 file holds the records whose end falls in its five minutes; it is published when they are over.
      this.pending.push({ dueMs: s3FileMs ? Math.floor(now / s3FileMs) * s3FileMs + s3FileMs : now, only: 's3', samples });
    }
    const due = force ? this.pending : this.pending.filter((p) => p.dueMs <= now);
    if (!due.length) return 0;
    this.pending = force ? [] : this.pending.filter((p) => p.dueMs > now);
    let records = 0;
    const world = this.world();
    for (const only of ['cloud-watch-logs', 's3'] as const) {
      const batch = due.filter((p) => p.only === only).flatMap((p) => p.samples);
      if (batch.length) records += deliver(batch, world, only).records;
    }
    this.delivered += records;
    this.runtime.markDirty();
    return records;
  }

  /**
   * AWS evaluates completed minutes only. The fast profile closes the current minute early, so an
   * alarm reacts to a datapoint at once (a lab in seconds); realtime keeps AWS's pace.
   */
  private evaluationMoment(now: number): number {
    return (this.runtime.profile ?? 'fast') === 'fast' ? Math.floor(now / 60_000) * 60_000 + 60_000 : now;
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
    const { windowMs } = this.cadence;
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
