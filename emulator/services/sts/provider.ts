import type { ServiceProvider } from '../../framework/types';

/** The sts provider: who the caller is. Credentials are not checked, so the caller is the account root. */
export const provider: ServiceProvider<Record<string, never>> = {
  service: 'sts',
  scope: 'account',
  createState: () => ({}),
  handlers: {
    GetCallerIdentity: (_input, ctx) => ({
      UserId: ctx.accountId,
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:root`,
    }),
  },
};
