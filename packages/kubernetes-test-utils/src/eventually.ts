/**
 * Calls `attempt` until it returns something other than undefined, and returns that; fails
 * naming `what` after `timeoutMs`. For tests that wait for a backend's background work (a
 * catalog refresh, a scheduled task) over real HTTP.
 */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 200 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
