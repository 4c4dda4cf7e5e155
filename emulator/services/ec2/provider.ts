import type { ServiceProvider } from '../../framework/types';
import { flowLogHandlers } from './flow-logs';
import { gatewayHandlers } from './gateways';
import { imageHandlers } from './images';
import { instanceAttributeHandlers } from './instance-attributes';
import { instanceHandlers } from './instances';
import { instanceTypeOfferingHandlers } from './instance-type-offerings';
import { keyPairHandlers } from './key-pairs';
import { networkInterfaceHandlers } from './network-interfaces';
import { regionHandlers } from './regions';
import { routeTableHandlers } from './route-tables';
import { securityGroupHandlers } from './security-groups';
import { createEc2State, type Ec2State } from './state';
import { subnetHandlers } from './subnets';
import { tagHandlers } from './tags';
import { vpcHandlers } from './vpc';

/** The EC2 provider: every control-plane operation the lab touches, state per account and region. */
export const provider: ServiceProvider<Ec2State> = {
  service: 'ec2',
  scope: 'region',
  createState: createEc2State,
  handlers: {
    ...regionHandlers,
    ...vpcHandlers,
    ...subnetHandlers,
    ...gatewayHandlers,
    ...routeTableHandlers,
    ...securityGroupHandlers,
    ...keyPairHandlers,
    ...imageHandlers,
    ...instanceHandlers,
    ...instanceTypeOfferingHandlers,
    ...instanceAttributeHandlers,
    ...networkInterfaceHandlers,
    ...flowLogHandlers,
    ...tagHandlers,
  },
};
