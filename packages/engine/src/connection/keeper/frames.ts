/**
 * The framing between a run and a connection keeper (keeper.ts) over their Unix socket:
 * each frame is a JSON header and an optional byte payload (a command's output or input), as
 * [u32 frame length][u32 header length][header][payload]. Length-prefixed rather than line-based
 * because the payloads are arbitrary bytes.
 */
export interface Frame {
  /** What the frame is (see kept-transport.ts and keeper.ts for the vocabulary). */
  t: string;
  /** The request or channel it belongs to. */
  id?: number;
  [k: string]: unknown;
}

export function encodeFrame(h: Frame, payload?: Buffer): Buffer {
  // One allocation per frame: every command's output chunk crosses the socket as one.
  const head = JSON.stringify(h);
  const headLen = Buffer.byteLength(head, 'utf8');
  const bodyLen = payload?.length ?? 0;
  const out = Buffer.allocUnsafe(8 + headLen + bodyLen);
  out.writeUInt32BE(4 + headLen + bodyLen, 0);
  out.writeUInt32BE(headLen, 4);
  out.write(head, 8, 'utf8');
  if (payload) payload.copy(out, 8 + headLen);
  return out;
}

/** Feeds bytes as they arrive and calls `onFrame` for each whole frame. */
export class FrameReader {
  /** Bytes not yet framed, joined only once a whole frame (`need` bytes) is there: a large frame arriving in many reads is copied once. */
  private parts: Buffer[] = [];
  private size = 0;
  private need = 4;
  constructor(private readonly onFrame: (h: Frame, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size < this.need) return;
    let buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.need = 4;
    while (buf.length >= 4) {
      const len = buf.readUInt32BE(0);
      if (buf.length < 4 + len) {
        this.need = 4 + len;
        break;
      }
      const headLen = buf.readUInt32BE(4);
      const head = JSON.parse(buf.toString('utf8', 8, 8 + headLen)) as Frame;
      const payload = buf.subarray(8 + headLen, 4 + len);
      buf = buf.subarray(4 + len);
      this.onFrame(head, payload);
    }
    if (buf.length) {
      this.parts.push(buf);
      this.size = buf.length;
    }
  }
}
