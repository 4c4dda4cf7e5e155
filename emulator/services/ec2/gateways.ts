import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { hasDependencies } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { getIgw, getVpc, selectByIds } from './lookup';
import type { Ec2State, IgwRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

/** The SDK `InternetGateway` shape of a record. */
function igwView(st: Ec2State, igw: IgwRec, ownerId: string) {
  return {
    Attachments: igw.vpcId ? [{ State: 'available', VpcId: igw.vpcId }] : [],
    InternetGatewayId: igw.id,
    OwnerId: ownerId,
    Tags: tagList(st, igw.id),
  };
}

/** The internet gateway operations. */
export const gatewayHandlers = {
  CreateInternetGateway: ec2Op<{ TagSpecifications?: TagSpecification[] }>((input, { st, ctx }) => {
    const tags = tagsFromSpecs(input.TagSpecifications, ['internet-gateway']);
    const igw: IgwRec = { id: ec2Id('igw') };
    st.igws[igw.id] = igw;
    setTags(st, igw.id, tags['internet-gateway']);
    return { InternetGateway: igwView(st, igw, ctx.accountId) };
  }),

  DescribeInternetGateways: ec2Op<{ InternetGatewayIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      const igws = applyFilters(selectByIds(st.igws, 'igw', input.InternetGatewayIds), input.Filters, {
        fields: {
          'internet-gateway-id': (g) => g.id,
          'attachment.vpc-id': (g) => g.vpcId,
          'attachment.state': (g) => (g.vpcId ? 'available' : undefined),
          'owner-id': () => ctx.accountId,
        },
        tags: (g) => tagsOf(st, g.id),
      });
      const { page, nextToken } = paginate(igws, input.MaxResults, input.NextToken);
      return { InternetGateways: page.map((g) => igwView(st, g, ctx.accountId)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteInternetGateway: ec2Op<{ InternetGatewayId?: string }>((input, { st }) => {
    const igw = getIgw(st, input.InternetGatewayId);
    if (igw.vpcId) throw hasDependencies('internetGateway', igw.id);
    delete st.igws[igw.id];
    delete st.tags[igw.id];
    return {};
  }),

  AttachInternetGateway: ec2Op<{ InternetGatewayId?: string; VpcId?: string }>((input, { st }) => {
    const igw = getIgw(st, input.InternetGatewayId);
    const vpc = getVpc(st, input.VpcId);
    if (igw.vpcId) throw new AwsError('Resource.AlreadyAssociated', `resource ${igw.id} is already attached to network ${igw.vpcId}`);
    const other = Object.values(st.igws).find((g) => g.vpcId === vpc.id);
    if (other) throw new AwsError('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached`);
    igw.vpcId = vpc.id;
    return {};
  }),

  DetachInternetGateway: ec2Op<{ InternetGatewayId?: string; VpcId?: string }>((input, { st }) => {
    const igw = getIgw(st, input.InternetGatewayId);
    const vpc = getVpc(st, input.VpcId);
    if (igw.vpcId !== vpc.id) throw new AwsError('Gateway.NotAttached', `resource ${igw.id} is not attached to network ${vpc.id}`);
    // Public addresses reach the internet through the gateway, so AWS refuses to detach under them.
    if (Object.values(st.enis).some((e) => e.vpcId === vpc.id && e.publicIp)) {
      throw new AwsError(
        'DependencyViolation',
        `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      );
    }
    delete igw.vpcId;
    return {};
  }),
};
