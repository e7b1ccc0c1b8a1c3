import {
  RuntimeError,
  RuntimeSource,
} from '@paved/plugin-paved-runtime-common';

/** A failed upstream call, already in the words a response may carry. */
export class UpstreamError extends Error {
  constructor(readonly kind: RuntimeError['kind'], message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: any = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause;
  }
  return undefined;
}

/** The HTTP status of an upstream answer, as the Kubernetes client and our fetch report it. */
function httpStatus(error: any): number | undefined {
  const status = error?.code ?? error?.statusCode ?? error?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Classifies an upstream failure; the message never carries tokens, bodies or stack traces. */
export function classifyError(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const e = error as any;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new UpstreamError('timeout', `${what}: no answer in time`);
  }
  const status = httpStatus(e);
  if (status === 401 || status === 403) {
    return new UpstreamError('unauthorized', `${what}: HTTP ${status}`);
  }
  if (status !== undefined) {
    return new UpstreamError('bad-response', `${what}: HTTP ${status}`);
  }
  const code = errorCode(e);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new UpstreamError('unreachable', `${what}: ${code}`);
  }
  if (e instanceof SyntaxError || /JSON|Unexpected token/i.test(e?.message)) {
    return new UpstreamError('bad-response', `${what}: malformed response`);
  }
  if (e?.name === 'FetchError' || /fetch failed|socket/i.test(e?.message)) {
    return new UpstreamError('unreachable', `${what}: connection failed`);
  }
  return new UpstreamError('bad-response', `${what}: unexpected response`);
}

export function toRuntimeError(
  source: RuntimeSource,
  cluster: string,
  error: unknown,
  what: string,
): RuntimeError {
  const { kind, message } = classifyError(error, what);
  return { source, cluster, kind, message };
}
