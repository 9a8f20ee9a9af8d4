/** The regex worker: runs one pattern over one text and replies with the matches (see run-guarded.ts). */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { pyMatchAll, type RawMatch } from './py-iterate.js';

interface Request {
  source: string;
  flags: string;
  text: string;
  limit: number;
  emptyFirst: boolean;
}

const { flag, port } = workerData as { flag: Int32Array; port: MessagePort };

parentPort!.on('message', (req: Request) => {
  let matches: RawMatch[] = [];
  let error: string | null = null;
  try {
    matches = pyMatchAll(new RegExp(req.source, req.flags), req.text, req.limit, req.emptyFirst);
  } catch (e) {
    error = (e as Error).message;
  }
  port.postMessage({ matches, error });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
