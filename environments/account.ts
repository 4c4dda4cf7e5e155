// Building block: the smallest environment, for labs that start from an empty account (no VPC, no
// instance): the account and region, found with GetCallerIdentity. Provisioning creates nothing.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients';
import type { LabEnvironment } from '../runner/context';

/** The account and region the lab runs in. */
export async function accountEnvironment(clients: Pick<AwsClients, 'sts'>, region: string): Promise<LabEnvironment> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  return { accountId: identity.Account!, region };
}

/** IAM actions reading the account environment needs (GetCallerIdentity needs none). */
export const ACCOUNT_ENVIRONMENT_ACTIONS: string[] = [];
