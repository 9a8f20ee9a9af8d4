// Entry point of the detached proxy process a suite runs on its gateway address:
//   node proxy-main.js <listen-address> <port> <cache-dir>
// It reads apt's sources itself, so a restart always follows the machine's current archive.
import { readDebianSources } from './apt-sources.js';
import { startProxy } from './proxy.js';
import { assertLabAddress } from './guard.js';

const [address, port, cacheDir] = process.argv.slice(2);
if (!address || !port || !cacheDir) throw new Error('usage: proxy-main <address> <port> <cache-dir>');
if (address !== '127.0.0.1') assertLabAddress(address);
const sources = readDebianSources();
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
// One bad request must not take apt away from every host of the suite: log it and keep serving.
process.on('uncaughtException', (e) => log(`pgplay lab proxy: internal error: ${e.stack ?? e.message}`));
await startProxy(address, Number(port), { sources, cacheDir, log });
log(`pgplay lab proxy: listening on ${address}:${port}, forwarding only to ${sources.map((s) => s.uri).join(' ')}`);
