/**
 * The framing between a run and a connection keeper (keeper-main.ts) over their Unix socket:
 * each frame is a JSON header and an optional byte payload (a command's output or input), as
 * [u32 frame length][u32 header length][header][payload]. Length-prefixed rather than line-based
 * because the payloads are arbitrary bytes.
 */
export interface Frame {
  /** What the frame is (see kept-transport.ts and keeper-main.ts for the vocabulary). */
  t: string;
  /** The request or channel it belongs to. */
  id?: number;
  [k: string]: unknown;
}

export function encodeFrame(h: Frame, payload?: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify(h), 'utf8');
  const body = payload ?? Buffer.alloc(0);
  const pre = Buffer.allocUnsafe(8);
  pre.writeUInt32BE(4 + head.length + body.length, 0);
  pre.writeUInt32BE(head.length, 4);
  return Buffer.concat([pre, head, body]);
}

/** Feeds bytes as they arrive and calls `onFrame` for each whole frame. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (h: Frame, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) return;
      const headLen = this.buf.readUInt32BE(4);
      const head = JSON.parse(this.buf.subarray(8, 8 + headLen).toString('utf8')) as Frame;
      const payload = this.buf.subarray(8 + headLen, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.onFrame(head, payload);
    }
  }
}
