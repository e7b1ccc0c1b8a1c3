import { forbidden, unauthorized } from '../errors';

/** What a user may do: RBAC-like, every listed dimension must match (`*` matches all). */
export interface AccessRule {
  verbs: string[];
  /** Plural names, optionally with a subresource: `pods`, `pods/status`, `*`. */
  resources: string[];
  /** API groups (`''` is the core group); any group when omitted. */
  apiGroups?: string[];
  /**
   * Namespaces the rule applies in; when omitted it applies everywhere, cluster scope included.
   * `*` is every namespace and the cluster scope (lists across namespaces, cluster-scoped kinds).
   */
  namespaces?: string[];
}

/** A bearer token the server accepts, who it stands for, and what it may do (anything when `rules` is omitted). */
export interface FakeUser {
  token: string;
  name: string;
  rules?: AccessRule[];
}

/** A request as authorization sees it. */
export interface AccessAttempt {
  verb: string;
  group: string;
  plural: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const matches = (allowed: string[], value: string) =>
  allowed.includes('*') || allowed.includes(value);

function ruleAllows(rule: AccessRule, attempt: AccessAttempt): boolean {
  const resource = attempt.subresource
    ? `${attempt.plural}/${attempt.subresource}`
    : attempt.plural;
  if (!matches(rule.verbs, attempt.verb)) return false;
  if (!matches(rule.resources, resource)) return false;
  if (rule.apiGroups && !matches(rule.apiGroups, attempt.group)) return false;
  if (!rule.namespaces) return true;
  if (rule.namespaces.includes('*')) return true;
  return (
    attempt.namespace !== undefined &&
    rule.namespaces.includes(attempt.namespace)
  );
}

/** Bearer-token authentication and rule-based authorization with the API server's 401/403 answers. */
export class Authenticator {
  private readonly users: Map<string, FakeUser>;

  constructor(users: FakeUser[] | undefined) {
    this.users = new Map((users ?? []).map(user => [user.token, user]));
  }

  get enabled(): boolean {
    return this.users.size > 0;
  }

  get firstToken(): string | undefined {
    return this.users.keys().next().value;
  }

  /** The user a request's `Authorization` header names; throws 401 when auth is on and it names none. */
  authenticate(authorization: string | undefined): FakeUser | undefined {
    if (!this.enabled) return undefined;
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const user = match ? this.users.get(match[1].trim()) : undefined;
    if (!user) throw unauthorized();
    return user;
  }

  authorize(user: FakeUser | undefined, attempt: AccessAttempt): void {
    if (!user?.rules) return;
    if (user.rules.some(rule => ruleAllows(rule, attempt))) return;
    const resource = attempt.subresource
      ? `${attempt.plural}/${attempt.subresource}`
      : attempt.plural;
    const scope =
      attempt.namespace !== undefined
        ? `in the namespace "${attempt.namespace}"`
        : 'at the cluster scope';
    throw forbidden(
      { group: attempt.group, plural: attempt.plural },
      attempt.name,
      `User "${user.name}" cannot ${attempt.verb} resource "${resource}" in API group "${attempt.group}" ${scope}`,
    );
  }
}
