import { checkId, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';

/** One entry of the public image catalogue. */
interface CatalogueImage {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  ownerAlias?: string;
  architecture: 'x86_64' | 'arm64';
  created: string;
  rootDevice: string;
  snapshotId: string;
  volumeSize: number;
  volumeType: string;
  bootMode?: string;
}

const AMAZON = '137112412989';
const CANONICAL = '099720109477';

/**
 * A small catalogue of public images, enough for the lab (Amazon Linux 2023) and for scripts that
 * look up "the latest Amazon Linux" or Ubuntu by name. The same ids answer in every region.
 */
const CATALOGUE: CatalogueImage[] = [
  img('ami-0e2c8caa4b6378d8c', 'al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64', 'Amazon Linux 2023 AMI 2023.6.20250115.0 x86_64 HVM kernel-6.1', AMAZON, 'amazon', 'x86_64', '2025-01-16T20:01:57.000Z', '/dev/xvda', 8, 'gp3', 'uefi-preferred'),
  img('ami-05b10e08d247fb927', 'al2023-ami-2023.6.20250218.2-kernel-6.1-x86_64', 'Amazon Linux 2023 AMI 2023.6.20250218.2 x86_64 HVM kernel-6.1', AMAZON, 'amazon', 'x86_64', '2025-02-19T18:27:12.000Z', '/dev/xvda', 8, 'gp3', 'uefi-preferred'),
  img('ami-0c9f6749650d5c0e3', 'al2023-ami-2023.6.20250218.2-kernel-6.1-arm64', 'Amazon Linux 2023 AMI 2023.6.20250218.2 arm64 HVM kernel-6.1', AMAZON, 'amazon', 'arm64', '2025-02-19T18:27:14.000Z', '/dev/xvda', 8, 'gp3', 'uefi'),
  img('ami-0ace34e9f53c91c5d', 'amzn2-ami-kernel-5.10-hvm-2.0.20250201.0-x86_64-gp2', 'Amazon Linux 2 Kernel 5.10 AMI 2.0.20250201.0 x86_64 HVM gp2', AMAZON, 'amazon', 'x86_64', '2025-02-03T21:51:46.000Z', '/dev/xvda', 8, 'gp2'),
  img('ami-04b4f1a9cf54c11d0', 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115', 'Canonical, Ubuntu, 24.04, amd64 noble image', CANONICAL, undefined, 'x86_64', '2025-01-15T07:32:51.000Z', '/dev/sda1', 8, 'gp3', 'uefi-preferred'),
];

function img(
  id: string, name: string, description: string, ownerId: string, ownerAlias: string | undefined, architecture: 'x86_64' | 'arm64',
  created: string, rootDevice: string, volumeSize: number, volumeType: string, bootMode?: string,
): CatalogueImage {
  return { id, name, description, ownerId, ownerAlias, architecture, created, rootDevice, snapshotId: `snap-${id.slice(4)}`, volumeSize, volumeType, bootMode };
}

/** The catalogue image with this id, or undefined. */
export function findImage(id: string): CatalogueImage | undefined {
  return CATALOGUE.find((i) => i.id === id);
}

/** The SDK `Image` shape of a catalogue entry. */
function imageView(i: CatalogueImage) {
  const deprecation = new Date(Date.parse(i.created) + 2 * 365 * 86_400_000).toISOString();
  return {
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    BlockDeviceMappings: [
      { DeviceName: i.rootDevice, Ebs: { DeleteOnTermination: true, SnapshotId: i.snapshotId, VolumeSize: i.volumeSize, VolumeType: i.volumeType, Encrypted: false } },
    ],
    Description: i.description,
    EnaSupport: true,
    Hypervisor: 'xen',
    ImageOwnerAlias: i.ownerAlias,
    Name: i.name,
    RootDeviceName: i.rootDevice,
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
    BootMode: i.bootMode,
    DeprecationTime: deprecation,
    ImdsSupport: i.ownerAlias === 'amazon' && i.name.startsWith('al2023') ? 'v2.0' : undefined,
    ImageId: i.id,
    ImageLocation: `${i.ownerAlias ?? i.ownerId}/${i.name}`,
    State: 'available',
    OwnerId: i.ownerId,
    CreationDate: i.created,
    Public: true,
    Architecture: i.architecture,
    ImageType: 'machine',
  };
}

/** The image operations: DescribeImages. */
export const imageHandlers = {
  DescribeImages: ec2Op<{ ImageIds?: string[]; Owners?: string[]; ExecutableUsers?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { ctx }) => {
      let images = CATALOGUE;
      if (input.ImageIds?.length) {
        for (const id of input.ImageIds) checkId('ami', id);
        const unknown = input.ImageIds.filter((id) => !findImage(id));
        if (unknown.length) throw notFound('ami', unknown);
        images = images.filter((i) => input.ImageIds!.includes(i.id));
      }
      if (input.Owners?.length) {
        const owners = input.Owners.map((o) => (o === 'self' ? ctx.accountId : o));
        images = images.filter((i) => owners.includes(i.ownerId) || (i.ownerAlias !== undefined && owners.includes(i.ownerAlias)));
      }
      const matching = applyFilters(images, input.Filters, {
        fields: {
          name: (i) => i.name,
          'image-id': (i) => i.id,
          'owner-alias': (i) => i.ownerAlias,
          'owner-id': (i) => i.ownerId,
          architecture: (i) => i.architecture,
          state: () => 'available',
          description: (i) => i.description,
          'image-type': () => 'machine',
          'is-public': () => true,
          'platform-details': () => 'Linux/UNIX',
          'root-device-type': () => 'ebs',
          'root-device-name': (i) => i.rootDevice,
          'virtualization-type': () => 'hvm',
          hypervisor: () => 'xen',
          'ena-support': () => true,
          'block-device-mapping.volume-type': (i) => i.volumeType,
        },
        tags: () => ({}),
      });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { Images: page.map(imageView), NextToken: nextToken };
    },
    { readOnly: true },
  ),
};
