import { privateDnsName } from './addresses';
import { findImage } from './images';
import { currentTransition } from './instance-lifecycle';
import { groupIdentifiers, instanceEniView, publicDnsFor } from './network-interfaces';
import { INSTANCE_STATE_CODES, type Ec2State, type InstanceRec } from './state';
import { tagList, tagsOf } from './tags';
import type { FilterFields } from './filters';

/** The SDK `InstanceState` of an instance at `now`. */
export function instanceState(inst: InstanceRec, now: number) {
  const name = currentTransition(inst, now).state;
  return { Code: INSTANCE_STATE_CODES[name], Name: name };
}

/** Why the instance is in its state, as AWS words it (`StateReason`). */
function stateReason(name: string) {
  if (name === 'pending') return { Code: 'pending', Message: 'pending' };
  if (name === 'shutting-down' || name === 'terminated' || name === 'stopping' || name === 'stopped') {
    return { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
  }
  return undefined;
}

/** The SDK `Instance` shape of a record at `now`. */
export function instanceView(st: Ec2State, inst: InstanceRec, now: number, ownerId: string, region: string) {
  const t = currentTransition(inst, now);
  const gone = t.state === 'terminated';
  const eni = gone ? undefined : st.enis[inst.primaryEniId];
  const enis = gone ? [] : Object.values(st.enis).filter((e) => e.attachment?.instanceId === inst.id);
  const image = findImage(inst.imageId);
  return {
    Architecture: inst.architecture,
    BlockDeviceMappings: gone
      ? []
      : [{ DeviceName: inst.rootDeviceName, Ebs: { AttachTime: new Date(inst.launchedAt), DeleteOnTermination: true, Status: 'attached', VolumeId: inst.volumeId } }],
    ClientToken: inst.clientToken ?? '',
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: enis.map((e) => instanceEniView(st, e, ownerId, region)),
    RootDeviceName: inst.rootDeviceName,
    RootDeviceType: 'ebs',
    SecurityGroups: eni ? groupIdentifiers(st, eni) : [],
    SourceDestCheck: eni?.sourceDestCheck ?? true,
    StateReason: stateReason(t.state),
    Tags: tagList(st, inst.id),
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    BootMode: image?.bootMode,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: new Date(inst.launchedAt),
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: 'legacy-bios',
    InstanceId: inst.id,
    ImageId: inst.imageId,
    State: instanceState(inst, now),
    PrivateDnsName: gone ? '' : privateDnsName(inst.privateIp, region),
    PublicDnsName: eni ? publicDnsFor(st, eni, region) : '',
    StateTransitionReason: t.reason ?? '',
    KeyName: inst.keyName,
    AmiLaunchIndex: inst.launchIndex,
    ProductCodes: [],
    InstanceType: inst.instanceType,
    LaunchTime: new Date(inst.launchedAt),
    Placement: { AvailabilityZone: inst.az, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: gone ? undefined : inst.subnetId,
    VpcId: gone ? undefined : inst.vpcId,
    PrivateIpAddress: gone ? undefined : inst.privateIp,
    PublicIpAddress: eni?.publicIp,
  };
}

/** The filters of DescribeInstances. */
export function instanceFilters(st: Ec2State, now: number, ownerId: string, region: string): FilterFields<InstanceRec> {
  const eni = (i: InstanceRec) => st.enis[i.primaryEniId];
  const groups = (i: InstanceRec) => eni(i)?.groupIds ?? [];
  return {
    fields: {
      'instance-id': (i) => i.id,
      'instance-state-name': (i) => currentTransition(i, now).state,
      'instance-state-code': (i) => INSTANCE_STATE_CODES[currentTransition(i, now).state],
      'instance-type': (i) => i.instanceType,
      'image-id': (i) => i.imageId,
      'key-name': (i) => i.keyName,
      'subnet-id': (i) => i.subnetId,
      'vpc-id': (i) => i.vpcId,
      'availability-zone': (i) => i.az,
      'reservation-id': (i) => i.reservationId,
      architecture: (i) => i.architecture,
      'launch-index': (i) => i.launchIndex,
      'owner-id': () => ownerId,
      'private-ip-address': (i) => i.privateIp,
      'ip-address': (i) => eni(i)?.publicIp,
      'network-interface.addresses.association.public-ip': (i) => eni(i)?.publicIp,
      'private-dns-name': (i) => privateDnsName(i.privateIp, region),
      'dns-name': (i) => (eni(i) ? publicDnsFor(st, eni(i)!, region) : undefined),
      'network-interface.network-interface-id': (i) => i.primaryEniId,
      'network-interface.subnet-id': (i) => i.subnetId,
      'network-interface.vpc-id': (i) => i.vpcId,
      'group-id': groups,
      'instance.group-id': groups,
      'group-name': (i) => groups(i).map((g) => st.securityGroups[g]?.name),
      'instance.group-name': (i) => groups(i).map((g) => st.securityGroups[g]?.name),
      'client-token': (i) => i.clientToken,
    },
    tags: (i) => tagsOf(st, i.id),
  };
}

/** Groups instances into the `Reservation[]` DescribeInstances answers with. */
export function reservationsView(st: Ec2State, instances: InstanceRec[], now: number, ownerId: string, region: string) {
  const byReservation = new Map<string, InstanceRec[]>();
  for (const inst of instances) {
    const list = byReservation.get(inst.reservationId) ?? [];
    list.push(inst);
    byReservation.set(inst.reservationId, list);
  }
  return [...byReservation.entries()].map(([ReservationId, list]) => ({
    ReservationId,
    OwnerId: ownerId,
    Groups: [],
    Instances: list.map((i) => instanceView(st, i, now, ownerId, region)),
  }));
}
