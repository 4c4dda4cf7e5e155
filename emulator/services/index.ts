import type { ServiceProvider } from '../framework/types';
import { provider as ec2 } from './ec2/provider';
import { provider as s3 } from './s3/provider';
import { provider as iam } from './iam/provider';
import { provider as sts } from './sts/provider';
import { provider as sns } from './sns/provider';
import { provider as logs } from './logs/provider';
import { provider as monitoring } from './monitoring/provider';
import { provider as athena } from './athena/provider';
import { provider as cloudtrail } from './cloudtrail/provider';

/** Every service the emulator answers. */
export const providers: ServiceProvider<any>[] = [ec2, s3, iam, sts, sns, logs, monitoring, athena, cloudtrail];
