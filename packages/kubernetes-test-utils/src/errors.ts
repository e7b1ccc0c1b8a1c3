/** A cause inside a Kubernetes `Status` (metav1.StatusCause). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The `details` of a Kubernetes `Status` (metav1.StatusDetails). */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A Kubernetes `Status` object, the body of every error the API server answers with. */
export interface KubernetesStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown inside the server; turned into an HTTP response carrying its `Status`. */
export class KubernetesApiError extends Error {
  constructor(
    readonly status: KubernetesStatus,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
    this.name = 'KubernetesApiError';
  }

  get code(): number {
    return this.status.code;
  }
}

/** The group and plural a message names, e.g. `deployments.apps` or `pods`. */
export interface ResourceName {
  group: string;
  plural: string;
}

function qualifiedResource({ group, plural }: ResourceName): string {
  return group ? `${plural}.${group}` : plural;
}

function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function fail(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
  headers?: Record<string, string>,
): KubernetesApiError {
  return new KubernetesApiError(
    failureStatus(code, reason, message, details),
    headers,
  );
}

function resourceDetails(resource: ResourceName, name?: string) {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(resource.group ? { group: resource.group } : {}),
    kind: resource.plural,
  };
}

export function notFound(resource: ResourceName, name: string) {
  return fail(
    404,
    'NotFound',
    `${qualifiedResource(resource)} "${name}" not found`,
    resourceDetails(resource, name),
  );
}

export function pathNotFound() {
  return fail(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function alreadyExists(resource: ResourceName, name: string) {
  return fail(
    409,
    'AlreadyExists',
    `${qualifiedResource(resource)} "${name}" already exists`,
    resourceDetails(resource, name),
  );
}

export function conflict(resource: ResourceName, name: string, why: string) {
  return fail(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      resource,
    )} "${name}": ${why}`,
    resourceDetails(resource, name),
  );
}

export const STALE_OBJECT =
  'the object has been modified; please apply your changes to the latest version and try again';

export function applyConflict(message: string, causes: StatusCause[]) {
  return fail(409, 'Conflict', message, { causes });
}

/** One field error, as `field.Error` renders it: `Invalid value: "x": why`. */
export interface FieldError {
  field: string;
  reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueForbidden'
    | 'FieldValueNotSupported';
  detail: string;
  value?: unknown;
}

function renderFieldError(error: FieldError): string {
  switch (error.reason) {
    case 'FieldValueRequired':
      return `Required value: ${error.detail}`;
    case 'FieldValueForbidden':
      return `Forbidden: ${error.detail}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${JSON.stringify(error.value)}: ${
        error.detail
      }`;
    default:
      return `Invalid value: ${JSON.stringify(error.value)}: ${error.detail}`;
  }
}

/** 422 Invalid, worded like `errors.NewInvalid`: `Kind.group "name" is invalid: field: …`. */
export function invalid(
  kind: { group: string; kind: string },
  name: string,
  errors: FieldError[],
) {
  const causes = errors.map(error => ({
    reason: error.reason,
    message: renderFieldError(error),
    field: error.field,
  }));
  const lines = causes.map(cause => `${cause.field}: ${cause.message}`);
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  return fail(
    422,
    'Invalid',
    `${qualifiedKind} "${name}" is invalid: ${
      lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`
    }`,
    {
      name,
      ...(kind.group ? { group: kind.group } : {}),
      kind: kind.kind,
      causes,
    },
  );
}

export function badRequest(message: string) {
  return fail(400, 'BadRequest', message);
}

export function unauthorized() {
  return fail(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(
  resource: ResourceName,
  name: string | undefined,
  why: string,
) {
  const subject = name
    ? `${qualifiedResource(resource)} "${name}"`
    : qualifiedResource(resource);
  return fail(
    403,
    'Forbidden',
    `${subject} is forbidden: ${why}`,
    resourceDetails(resource, name),
  );
}

export function methodNotAllowed() {
  return fail(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

export function unsupportedMediaType(contentType: string, accepted: string[]) {
  return fail(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
  );
}

export function internalError(message: string) {
  return fail(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function tooManyRequests(retryAfterSeconds: number) {
  return fail(
    429,
    'TooManyRequests',
    'Too many requests, please try again later.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** Any other failure a test injects (503 ServiceUnavailable, 504 Timeout, …). */
export function failure(code: number, reason: string, message: string) {
  return fail(code, reason, message, {});
}
