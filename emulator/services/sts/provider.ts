import type { ServiceProvider } from '../../framework/types';

/** The sts provider: who the caller is: the IAM user whose key signed, else the account root. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'sts',
  scope: 'account',
  createState: () => ({}),
  handlers: {
    GetCallerIdentity: (_input, ctx) => ({
      UserId: ctx.caller?.type === 'IAMUser' ? ctx.caller.principalId : ctx.accountId,
      Account: ctx.accountId,
      Arn: ctx.caller?.type === 'IAMUser' ? ctx.caller.arn : `arn:aws:iam::${ctx.accountId}:root`,
    }),
  },
};
