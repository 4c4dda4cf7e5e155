import { NotAvailableError } from '../../core/errors';

/** The action of a contract command that is not built yet: exits 2 saying so, never pretends. */
export function notYet(what: string, plan: string): () => never {
  return () => {
    throw new NotAvailableError(what, plan);
  };
}
