// The framing between a run and its connection keeper: headers and arbitrary payload bytes
// survive any split of the stream into reads.
import assert from 'node:assert/strict';
import { encodeFrame, FrameReader, type Frame } from '@pgplay/engine';
import { rng } from '../../harness/seeded-random.js';

describe('connection/keeper frames', () => {
  it('reads back every frame whatever the read boundaries', () => {
    const rnd = rng(7);
    const sent: [Frame, Buffer][] = [];
    for (let i = 0; i < 200; i++) {
      const payload = Buffer.alloc(Math.floor(rnd() * (i % 10 === 0 ? 70_000 : 300)));
      for (let j = 0; j < payload.length; j++) payload[j] = Math.floor(rnd() * 256);
      sent.push([{ t: i % 3 === 0 ? 'o' : 'exec', id: i, text: `cmd ${i} ✓ \n\0` }, payload]);
    }
    const stream = Buffer.concat(sent.map(([h, p]) => encodeFrame(h, p.length ? p : undefined)));
    const got: [Frame, Buffer][] = [];
    const reader = new FrameReader((h, p) => got.push([h, Buffer.from(p)]));
    for (let at = 0; at < stream.length; ) {
      const n = 1 + Math.floor(rnd() * 5000);
      reader.push(stream.subarray(at, at + n));
      at += n;
    }
    assert.equal(got.length, sent.length);
    got.forEach(([h, p], i) => {
      assert.deepEqual(h, sent[i]![0]);
      assert.ok(p.equals(sent[i]![1]), `payload ${i}`);
    });
  });
});
