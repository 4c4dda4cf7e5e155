import type { ServiceName } from '../framework/types';
import { isServiceName, SERVICE_BY_QUERY_VERSION, SERVICE_BY_TARGET } from '../protocols/service-catalog';
import type { FormFields } from '../protocols/form-fields';
import type { WireRequest } from '../protocols/wire';

/** Who a request is for and how the gateway could tell. */
export interface Identity {
  service?: ServiceName;
  /** The service named by the request even when not emulated (for the error message). */
  claimed?: string;
  region?: string;
  accessKeyId?: string;
  via: 'sigv4' | 'presigned' | 'target' | 'form' | 'none';
}

const CREDENTIAL_RE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Identifies the service LocalStack's way: the SigV4 credential scope (`…/REGION/SERVICE/aws4_request`,
 * in the Authorization header or a presigned URL's X-Amz-Credential), then the X-Amz-Target prefix,
 * then a query form's Action and Version. `form` is only consulted when the headers did not tell.
 */
export function identifyFromHeaders(req: Pick<WireRequest, 'headers' | 'query'>): Identity {
  const auth = req.headers['authorization'];
  const scoped = auth ? CREDENTIAL_RE.exec(auth) : null;
  if (scoped) return fromScope(scoped[1], scoped[3], scoped[4], 'sigv4');
  const presigned = req.query.get('X-Amz-Credential');
  if (presigned) {
    const parts = presigned.split('/');
    if (parts.length >= 5) return fromScope(parts[0], parts[2], parts[3], 'presigned');
  }
  const target = req.headers['x-amz-target'];
  if (target) {
    const prefix = target.slice(0, Math.max(0, target.lastIndexOf('.')));
    const service = SERVICE_BY_TARGET[prefix];
    return { service, claimed: `X-Amz-Target '${target.slice(0, 120)}'`, via: 'target' };
  }
  return { via: 'none' };
}

/** Completes identification from a query form (`Action=…&Version=…`) when the headers said nothing. */
export function identifyFromForm(form: FormFields): Identity {
  const version = form.get('Version');
  const action = form.get('Action');
  if (!action) return { via: 'none' };
  const service = version ? SERVICE_BY_QUERY_VERSION[version] : undefined;
  return { service, claimed: `Action '${action.slice(0, 80)}' with Version '${(version ?? '(none)').slice(0, 40)}'`, via: 'form' };
}

function fromScope(accessKeyId: string, region: string, service: string, via: Identity['via']): Identity {
  return { service: isServiceName(service) ? service : undefined, claimed: `SigV4 service '${service.slice(0, 60)}'`, region, accessKeyId, via };
}

/** The account a request acts in, as LocalStack derives it: a 12-digit access key id is the account id. */
export function accountFor(accessKeyId: string | undefined, defaultAccountId: string): string {
  return accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccountId;
}
