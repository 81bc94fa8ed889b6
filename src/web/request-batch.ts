// The request form's writes, grouped: the requests whose POSTs are read in
// the same turn of the event loop are written in one transaction
// (services/portal.ts submitRequests), so the desk syncs its file once for
// all of them (synchronous = FULL: a request acknowledged survives a power
// loss). Each POST is answered once its transaction has committed.
import { submitRequests, type SentRequest } from '../services/portal.js';

type Written = { number: number; created: boolean };

export function requestBatcher(): (sent: SentRequest) => Promise<Written> {
  let waiting: { sent: SentRequest; resolve: (w: Written) => void; reject: (e: unknown) => void }[] = [];
  const write = () => {
    const batch = waiting;
    waiting = [];
    let results: ReturnType<typeof submitRequests>;
    try {
      // The transaction's own context: the first request's (each request keeps its own instant and contact).
      results = submitRequests(
        batch[0]!.sent.ctx,
        batch.map((b) => b.sent),
      );
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    results.forEach((r, i) => ('error' in r ? batch[i]!.reject(r.error) : batch[i]!.resolve(r)));
  };
  return (sent) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) setImmediate(write);
      waiting.push({ sent, resolve, reject });
    });
}
