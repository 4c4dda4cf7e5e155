/** Tag every labwright resource carries, so teardown and sweep can find it. */
export const RUN_TAG = 'labwright:run-id';
