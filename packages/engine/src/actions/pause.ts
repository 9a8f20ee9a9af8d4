import type { EngineAction } from './action.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** ansible.builtin.pause: waits `seconds`/`minutes`. A prompt needs a terminal, which runs don't have. */
export const pauseAction: EngineAction = {
  name: 'ansible.builtin.pause',
  aliases: ['pause'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      seconds: { type: 'number', description: 'Seconds to pause.' },
      minutes: { type: 'number', description: 'Minutes to pause.' },
      prompt: { type: 'string', description: 'Text to show while waiting for input.', 'x-unsupported': 'interactive prompts need a terminal; use seconds/minutes' },
      echo: { type: 'boolean', default: true, 'x-unsupported': 'interactive prompts need a terminal' },
    },
    'x-mutually-exclusive': [['minutes', 'seconds']],
  },
  async run(args, ctx) {
    const secs = args.minutes !== undefined ? Number(args.minutes) * 60 : args.seconds !== undefined ? Number(args.seconds) : undefined;
    if (secs === undefined) return { failed: true, msg: 'pause without seconds or minutes waits for a key press, which needs a terminal; pgplay runs have none' };
    const start = Date.now();
    if (secs > 0) await sleep(secs * 1000, undefined, { signal: ctx.signal });
    const delta = (Date.now() - start) / 1000;
    return { changed: false, delta: Math.round(delta), echo: true, rc: 0, start: new Date(start).toISOString().replace('T', ' ').replace('Z', ''), stderr: '', stdout: `Paused for ${secs} seconds`, stop: new Date().toISOString().replace('T', ' ').replace('Z', ''), user_input: '' };
  },
};
