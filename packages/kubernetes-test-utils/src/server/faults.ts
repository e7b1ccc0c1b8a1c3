/** Which requests a fault applies to; every given field must match. */
export interface RequestMatcher {
  method?: string;
  verb?: string;
  /** Plural resource name, e.g. `horizontalpodautoscalers`. */
  resource?: string;
  group?: string;
  namespace?: string;
  name?: string;
  /** The exact path, or a pattern tested against it. */
  path?: string | RegExp;
}

/** What a fault does to the requests it matches. */
export interface FaultSpec {
  match?: RequestMatcher;
  /** Delay before the request is handled (added up over all matching faults). */
  latencyMs?: number;
  /** Answer with this error `Status` instead of handling the request. */
  respond?: {
    code: number;
    reason?: string;
    message?: string;
    retryAfterSeconds?: number;
  };
  /** Accept the request and never answer it (until the server stops). */
  hang?: boolean;
  /** Reset the connection (the client sees ECONNRESET). */
  reset?: boolean;
  /** Answer 200 with a body that is not JSON (a truncated object), as a broken proxy might. */
  malformed?: boolean;
  /** Hold the request until the gate opens (see `FaultInjector.hold`), then handle it. */
  gate?: Gate;
  /** How many requests the fault applies to; forever when omitted. */
  times?: number;
}

export interface InjectedFault {
  readonly hits: number;
  remove(): void;
}

/** The request facts faults match on. */
export interface FaultTarget {
  method: string;
  path: string;
  verb?: string;
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/** Held requests wait on this until it opens. */
export interface Gate {
  readonly opened: Promise<void>;
  /** Requests that have reached the gate, answered or not. */
  arrived: number;
}

/** The handle of `hold`: how many requests are held, and the switch that lets them through. */
export interface HeldRequests extends InjectedFault {
  /** Requests that reached the gate, including those already let through. */
  readonly arrived: number;
  /** Lets every held request (and every later one) through. */
  release(): void;
}

export interface FaultPlan {
  latencyMs: number;
  /** Gates the request waits at before anything else happens to it. */
  gates: Gate[];
  outcome?: 'respond' | 'hang' | 'reset' | 'malformed';
  fault?: FaultSpec;
}

interface ActiveFault {
  spec: FaultSpec;
  hits: number;
}

function matches(matcher: RequestMatcher | undefined, target: FaultTarget) {
  if (!matcher) return true;
  const { path, method, ...fields } = matcher;
  if (method && method.toUpperCase() !== target.method) return false;
  if (typeof path === 'string' && path !== target.path) return false;
  if (path instanceof RegExp && !path.test(target.path)) return false;
  return Object.entries(fields).every(
    ([key, value]) =>
      value === undefined || target[key as keyof FaultTarget] === value,
  );
}

/** The faults a test has injected, consulted for every request before it is handled. */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): InjectedFault {
    const active: ActiveFault = { spec, hits: 0 };
    this.faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        this.faults = this.faults.filter(fault => fault !== active);
      },
    };
  }

  latency(latencyMs: number, match?: RequestMatcher): InjectedFault {
    return this.add({ latencyMs, match });
  }

  /** Answers matching requests with an error Status (500 InternalError unless told otherwise). */
  fail(code = 500, match?: RequestMatcher, message?: string): InjectedFault {
    return this.add({ respond: { code, message }, match });
  }

  /** 429 TooManyRequests with `Retry-After`. */
  throttle(retryAfterSeconds = 1, match?: RequestMatcher): InjectedFault {
    return this.add({ respond: { code: 429, retryAfterSeconds }, match });
  }

  /**
   * Holds matching requests unanswered until `release()`: a test sees which requests a client
   * sends before any answer arrives, whatever the machine's speed.
   */
  hold(match?: RequestMatcher): HeldRequests {
    let open!: () => void;
    const gate: Gate = {
      opened: new Promise<void>(resolve => {
        open = resolve;
      }),
      arrived: 0,
    };
    const fault = this.add({ gate, match });
    return {
      get hits() {
        return fault.hits;
      },
      get arrived() {
        return gate.arrived;
      },
      remove: () => {
        open();
        fault.remove();
      },
      release: () => open(),
    };
  }

  hang(match?: RequestMatcher): InjectedFault {
    return this.add({ hang: true, match });
  }

  reset(match?: RequestMatcher): InjectedFault {
    return this.add({ reset: true, match });
  }

  /** 200 with a truncated JSON body. */
  malformed(match?: RequestMatcher): InjectedFault {
    return this.add({ malformed: true, match });
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides what happens to a request, and counts it against the faults that matched. */
  plan(target: FaultTarget): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, gates: [] };
    for (const active of [...this.faults]) {
      if (!matches(active.spec.match, target)) continue;
      const { spec } = active;
      const terminal =
        spec.hang || spec.reset || spec.respond || spec.malformed;
      if (terminal && plan.outcome) continue;
      active.hits += 1;
      if (spec.times !== undefined && active.hits >= spec.times) {
        this.faults = this.faults.filter(fault => fault !== active);
      }
      plan.latencyMs += spec.latencyMs ?? 0;
      if (spec.gate) plan.gates.push(spec.gate);
      if (spec.hang) plan.outcome = 'hang';
      else if (spec.reset) plan.outcome = 'reset';
      else if (spec.respond) plan.outcome = 'respond';
      else if (spec.malformed) plan.outcome = 'malformed';
      if (terminal) plan.fault = spec;
    }
    return plan;
  }
}
