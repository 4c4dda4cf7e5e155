// Whether anything answers at a URL at all, told apart from "answers, but not yet ready": a target
// that is not running is named at once instead of after a long wait.
import { errorMessage } from '../../core/errors';

/**
 * Sends one GET to `url`; resolves undefined when any HTTP answer came back (whatever its status),
 * or a short reason ("connection refused", "DNS lookup failed", "no answer within 3 s") when none did.
 */
export async function firstAnswer(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return undefined;
  } catch (err) {
    const code = (err as { cause?: { code?: string } })?.cause?.code ?? (err as { name?: string })?.name ?? '';
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed: ${code}`;
    if (code === 'TimeoutError' || code === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    return errorMessage((err as { cause?: unknown })?.cause ?? err);
  }
}
