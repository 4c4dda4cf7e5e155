import { CreateSubnetCommand, CreateVpcCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Ec2State } from '../../emulator/services/ec2/store';
import { startTestEmulator, TEST_REGION, type TestEmulator, type TestEmulatorOptions } from './helpers';

/** The account the default test credentials act as. */
export const TEST_ACCOUNT = '000000000000';

/** A started emulator and the EC2 client most EC2 tests drive it with. */
export interface Ec2Emulator {
  emu: TestEmulator;
  ec2: EC2Client;
}

/** Starts an emulator for an EC2 test and returns it with its EC2 client (stop it with `emu.stop()`). */
export async function startEc2Emulator(opts: TestEmulatorOptions = {}): Promise<Ec2Emulator> {
  const emu = await startTestEmulator(opts);
  return { emu, ec2: emu.clients.ec2 };
}

/** The EC2 state of the default test account and region, for what only the emulator's own readers can see. */
export function ec2StateOf(emu: TestEmulator): Ec2State {
  return emu.emulator.runtime.stateOf!<Ec2State>('ec2', TEST_ACCOUNT, TEST_REGION);
}

/** The lab's network: VPC 10.0.0.0/16 with subnet 10.0.1.0/24 (in `availabilityZone` when given). */
export async function createVpcWithSubnet(ec2: EC2Client, availabilityZone?: string): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: availabilityZone }));
  return { vpcId, subnetId: subnet.Subnet!.SubnetId! };
}
