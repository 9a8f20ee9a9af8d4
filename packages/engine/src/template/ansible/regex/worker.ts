/** The regex worker: runs one pattern over one text and replies with the matches (see run-guarded.ts). */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

interface Request {
  source: string;
  flags: string;
  text: string;
  limit: number;
}

const { flag, port } = workerData as { flag: Int32Array; port: MessagePort };

parentPort!.on('message', (req: Request) => {
  const matches: { index: number; groups: (string | undefined)[] }[] = [];
  let error: string | null = null;
  try {
    const rx = new RegExp(req.source, req.flags);
    for (const m of req.text.matchAll(rx)) {
      matches.push({ index: m.index!, groups: [...m] });
      if (matches.length >= req.limit) break;
    }
  } catch (e) {
    error = (e as Error).message;
  }
  port.postMessage({ matches, error });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
