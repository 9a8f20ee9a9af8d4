/** Where the CLI writes (and, for `pgplay vault`, reads); tests give their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** The terminal's width when stdout is one (Display follows it: max(79, width - 1)). */
  columns?: number;
  /** Raw bytes to stdout (decrypted files may be binary); falls back to out(utf-8). */
  outBytes?(data: Uint8Array): void;
  /** All of standard input (`-` as a file name). */
  readStdin?(): Promise<Buffer>;
  /** Reads a line without echo from the terminal; absent when standard input is not a terminal. */
  prompt?: (text: string, hidden: boolean) => Promise<string>;
}

async function readAll(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A line from the terminal, echo off when hidden (the terminal is in raw mode while reading). */
function promptTerminal(text: string, hidden: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // Echo goes off before the prompt shows: an answer typed the moment the prompt appears must
    // never reach the terminal's echo (getpass does it in this order too).
    stdin.setRawMode(true);
    process.stderr.write(text);
    let line = '';
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('User interrupted execution'));
        if (ch === '\u0004') return done(new Error('EOFError (ctrl-d)'));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else {
          line += ch;
          if (!hidden) process.stderr.write(ch);
        }
      }
    };
    stdin.on('data', onData);
  });
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  outBytes: (b) => void process.stdout.write(b),
  readStdin: readAll,
  ...(process.stdin.isTTY ? { prompt: promptTerminal } : {}),
};
