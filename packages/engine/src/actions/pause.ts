import type { EngineAction } from './action.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { pyDatetimeNow } from './py-datetime.js';
import { floatRepr } from '../values/py.js';

/**
 * ansible.builtin.pause as its action plugin behaves without a terminal (runs never have one):
 * a duration is waited out (at least 1 second, as Ansible rounds up), a bare prompt warns and
 * continues.
 */
export const pauseAction: EngineAction = {
  name: 'ansible.builtin.pause',
  aliases: ['pause'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      seconds: { type: 'integer', description: 'Seconds to pause.' },
      minutes: { type: 'integer', description: 'Minutes to pause.' },
      prompt: { type: 'string', description: 'Text shown while waiting.' },
      echo: { type: 'boolean', default: true, description: 'Echo what the user types (interactive only).' },
    },
    'x-mutually-exclusive': [['minutes', 'seconds']],
  },
  async run(args, ctx) {
    const echo = args.echo !== false;
    let seconds = args.minutes !== undefined ? Number(args.minutes) * 60 : args.seconds !== undefined ? Number(args.seconds) : undefined;
    const unit = args.minutes !== undefined ? 'minutes' : 'seconds';
    const t0 = performance.now();
    const start = pyDatetimeNow();
    if (seconds !== undefined) {
      if (seconds < 1) seconds = 1;
      ctx.display(`Pausing for ${seconds} seconds${echo ? '' : ' (output is hidden)'}`);
      if (args.prompt) ctx.display("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r");
      await sleep(seconds * 1000, undefined, { signal: ctx.signal });
    } else {
      ctx.warn('Not waiting for response to prompt as stdin is not interactive');
    }
    const elapsed = (performance.now() - t0) / 1000;
    const shown = Math.round((unit === 'minutes' ? elapsed / 60 : elapsed) * 100) / 100;
    return {
      changed: false, rc: 0, stderr: '', stdout: `Paused for ${floatRepr(shown)} ${unit}`, start, stop: pyDatetimeNow(),
      delta: Math.trunc(elapsed), echo, user_input: '',
    };
  },
};
