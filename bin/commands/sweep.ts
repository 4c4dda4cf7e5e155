import { Command, Option } from 'commander';
import { notYet } from './not-yet';

/** `labwright sweep`: deletes by tag what crashed runs left behind. */
export function registerSweep(program: Command, _setExit: (code: number) => void): void {
  program
    .command('sweep')
    .description('delete resources that earlier crashed runs left behind (by the labwright:run-id tag)')
    .addOption(new Option('--target <target>', 'where to sweep').choices(['aws', 'localstack', 'endpoint', 'embedded']).default('aws'))
    .option('--endpoint <url>', 'an AWS-compatible endpoint')
    .option('--region <region>', 'AWS region', 'us-east-1')
    .option('--profile <profile>', 'AWS shared-config profile')
    .option('--older-than <age>', 'only runs older than this (e.g. 6h)', '6h')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .action(notYet('`labwright sweep`', 'it comes with the aws target'));
}
