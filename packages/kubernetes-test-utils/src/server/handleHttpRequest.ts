import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiContext, ApiRequest, Verb } from '../api/ApiRequest';
import { handleResourceRequest } from '../api/handleResourceRequest';
import {
  failure,
  internalError,
  KubernetesApiError,
  methodNotAllowed,
  pathNotFound,
  tooManyRequests,
} from '../errors';
import { Authenticator } from './auth';
import { discoveryResponse, ServerVersion } from './discovery';
import { FaultInjector, FaultSpec } from './faults';
import { parsePath, verbOf } from './paths';
import { RequestAccounting, RequestRecord } from './RequestAccounting';

/** Everything a request handler needs from the server that owns it. */
export interface ServerParts {
  context: ApiContext;
  auth: Authenticator;
  faults: FaultInjector;
  accounting: RequestAccounting;
  version: ServerVersion;
  serverAddress: () => string;
  /** Waits, unless the server stops first (then never resolves). */
  delay: (ms: number) => Promise<void>;
  /** Keeps a connection open without answering until the server stops. */
  park: (request: IncomingMessage) => void;
}

const UNAUTHENTICATED_PATHS = new Set(['health', 'version']);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(code, {
    'Content-Type':
      typeof body === 'string' ? 'text/plain' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function injectedError(respond: NonNullable<FaultSpec['respond']>) {
  if (respond.code === 429)
    return tooManyRequests(respond.retryAfterSeconds ?? 1);
  if (respond.code === 500 && !respond.reason) {
    return internalError(respond.message ?? 'injected failure');
  }
  return failure(
    respond.code,
    respond.reason ?? '',
    respond.message ?? 'injected failure',
  );
}

/** Epoch milliseconds with the precision of `performance.now()`. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** One HTTP request: faults, authentication, routing, the API handler, the answer and its record. */
export async function handleHttpRequest(
  parts: ServerParts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const receivedAt = preciseNow();
  const url = new URL(request.url ?? '/', 'http://fake');
  const method = (request.method ?? 'GET').toUpperCase();
  const parsed = parsePath(url.pathname);
  const resource = parsed?.type === 'resource' ? parsed : undefined;
  const verb = resource
    ? verbOf(method, Boolean(resource.name), url.searchParams)
    : undefined;
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType: request.headers['content-type'],
    verb,
    group: resource?.group,
    resource:
      resource &&
      (resource.subresource
        ? `${resource.plural}/${resource.subresource}`
        : resource.plural),
    namespace: resource?.namespace,
    name: resource?.name,
    dryRun: url.searchParams.has('dryRun'),
    wrote: false,
    receivedAt,
  };
  const plan = parts.faults.plan({
    method,
    path: url.pathname,
    verb,
    group: resource?.group,
    resource: resource?.plural,
    namespace: resource?.namespace,
    name: resource?.name,
  });
  for (const gate of plan.gates) {
    gate.arrived += 1;
    await gate.opened;
  }
  if (plan.latencyMs > 0) {
    record.fault = 'latency';
    await parts.delay(plan.latencyMs);
  }
  if (plan.outcome === 'hang' || plan.outcome === 'reset') {
    record.fault = plan.outcome;
    parts.accounting.record(record);
    if (plan.outcome === 'hang') parts.park(request);
    else request.socket.resetAndDestroy();
    return;
  }
  if (plan.outcome === 'malformed') {
    record.fault = 'malformed';
    record.status = 200;
    parts.accounting.record(record);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"kind":"List","items":[{"metadata":');
    record.answeredAt = preciseNow();
    return;
  }
  const body = await readBody(request);
  try {
    if (plan.outcome === 'respond') {
      record.fault = 'respond';
      throw injectedError(plan.fault!.respond!);
    }
    const user =
      parsed && UNAUTHENTICATED_PATHS.has(parsed.type)
        ? undefined
        : parts.auth.authenticate(request.headers.authorization);
    record.user = user?.name;
    if (!parsed) throw pathNotFound();
    if (!resource) {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
      send(
        response,
        200,
        discoveryResponse(
          parsed,
          parts.context.registry,
          parts.version,
          parts.serverAddress(),
        ),
      );
      record.status = 200;
      return;
    }
    const definition = parts.context.registry.byResource(
      resource.group,
      resource.version,
      resource.plural,
    );
    const namespaceMismatch =
      definition &&
      (definition.namespaced
        ? !resource.namespace && (Boolean(resource.name) || verb === 'create')
        : resource.namespace !== undefined);
    const unknownSubresource =
      resource.subresource !== undefined &&
      (resource.subresource !== 'status' || !definition?.statusSubresource);
    if (!definition || namespaceMismatch || unknownSubresource)
      throw pathNotFound();
    if (!verb || (definition.verbs && !definition.verbs.includes(verb))) {
      throw methodNotAllowed();
    }
    parts.auth.authorize(user, {
      verb,
      group: resource.group,
      plural: resource.plural,
      subresource: resource.subresource,
      namespace: resource.namespace,
      name: resource.name,
    });
    const apiRequest: ApiRequest = {
      verb: verb as Verb,
      definition,
      namespace: resource.namespace,
      name: resource.name,
      subresource: resource.subresource as 'status' | undefined,
      query: url.searchParams,
      body,
      contentType: request.headers['content-type'] ?? 'application/json',
      userAgent: request.headers['user-agent'] ?? '',
    };
    const result = handleResourceRequest(parts.context, apiRequest);
    send(response, result.code, result.body);
    record.status = result.code;
    record.wrote = result.wrote;
  } catch (error) {
    const apiError =
      error instanceof KubernetesApiError
        ? error
        : internalError(String((error as Error)?.message ?? error));
    send(response, apiError.code, apiError.status, apiError.headers);
    record.status = apiError.code;
  } finally {
    record.answeredAt = preciseNow();
    parts.accounting.record(record);
  }
}
