// Many IndexedDB requests awaited as one, on the bare IDBRequest: idb's promise and two
// listeners per request were a tenth of the sync Worker's busy time in a loopback trace.

/**
 * Every request's result, with one promise for them all: a transaction's requests succeed
 * in the order they were made, so the last one's success means every result is in. The
 * first failure rejects with that request's own error, as idb's promise per request did
 * (the transaction's own error is set only once it has aborted, after the request's).
 */
export function allOf(requests: readonly IDBRequest[], withResults = true): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    if (requests.length === 0) return resolve([]);
    const fail = (event: Event): void => reject((event.target as IDBRequest).error);
    for (const request of requests) request.onerror = fail;
    // A put's result is its key, turned into a new array each time it is read: for writes, skip it.
    requests[requests.length - 1]!.onsuccess = () => resolve(withResults ? requests.map((request) => request.result) : []);
  });
}
