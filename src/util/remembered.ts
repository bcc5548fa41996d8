/**
 * A pure function that remembers its answers by a key (at most `max`, all forgotten when full):
 * for what a burst asks again and again with the same inputs, such as the calendar file of the
 * event 2,000 people register for at once. The key must cover every input the answer depends on.
 */
export function remembered<A extends unknown[], R>(fn: (...args: A) => R, keyOf: (...args: A) => string, max = 1000): (...args: A) => R {
  const answers = new Map<string, R>();
  return (...args: A) => {
    const key = keyOf(...args);
    if (answers.has(key)) return answers.get(key)!;
    const answer = fn(...args);
    if (answers.size >= max) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}
