type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls until the check returns a truthy value and returns it; fails with the message after the timeout. */
export async function waitFor<T>(check: () => T | Promise<T>, message: string, timeoutMs = 15_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
