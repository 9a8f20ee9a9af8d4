/** The file arguments ansible adds to every file-writing module (add_file_common_args). */
import type { JSONSchema } from '@pgplay/engine/module-api';

const notYet = (what: string) => `${what} needs SELinux/chattr support pgplay does not have yet`;

export const fileCommonProperties: Record<string, JSONSchema> = {
  mode: { type: ['string', 'integer'], 'x-type': 'raw', description: 'Permissions: octal (quote it: "0644"), symbolic (u=rw,g=r) or `preserve` where the module allows it.' },
  owner: { type: 'string', description: 'Name (or uid) of the user that should own the file.' },
  group: { type: 'string', description: 'Name (or gid) of the group that should own the file.' },
  seuser: { type: 'string', 'x-unsupported': notYet('seuser') },
  serole: { type: 'string', 'x-unsupported': notYet('serole') },
  setype: { type: 'string', 'x-unsupported': notYet('setype') },
  selevel: { type: 'string', 'x-unsupported': notYet('selevel') },
  unsafe_writes: { type: 'boolean', default: false, description: 'Accepted and ignored: pgplay always writes atomically.' },
  attributes: { type: 'string', 'x-aliases': ['attr'], 'x-unsupported': notYet('attributes') },
};
