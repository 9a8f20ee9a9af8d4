import { defineModule, sh, ModuleFailure, type ModuleContext } from '@pgplay/engine/module-api';
import { fetchOnTarget, withTemp } from './apt/fetch.js';

interface AptKeyArgs {
  id?: string;
  url?: string;
  data?: string;
  file?: string;
  keyring?: string;
  validate_certs?: boolean;
  keyserver?: string;
  state?: 'present' | 'absent';
}

interface Actions { args: AptKeyArgs; shortFormat: boolean; data?: string; result: Record<string, unknown> }

const APT_KEY = '/usr/bin/apt-key';
/** ansible's lang_env (get_best_parsable_locale gives C.utf8 on Debian). */
const LANG = ['env', 'LANG=C.utf8', 'LC_ALL=C.utf8', 'LC_MESSAGES=C.utf8'];
const NO_ERROR = (what: string) => `apt-key did not return an error, but ${what} (check that the id is correct and *not* a subkey)`;

/** parse_output_for_keys: the key ids of pub/sub lines (apt-key's long listing or gpg's colons). */
function parseKeys(out: string, short: boolean): string[] {
  const found: string[] = [];
  for (const line of out.split('\n')) {
    if (!(line.startsWith('pub') || line.startsWith('sub')) || line.includes('expired')) continue;
    const tokens = line.split(/\s+/).filter(Boolean);
    const code = tokens[1]?.split('/');
    if (code && code.length === 2) { found.push(code[1]!); continue; }
    const colons = line.split(':');
    if (colons.length > 4) found.push(colons[4]!);
  }
  return short ? found.map((k) => k.slice(-8)) : found;
}

/** parse_key_id: [short id for apt-key del, the 16-character id listings compare, the whole id]. */
function parseKeyId(id: string): [string, string, string] | null {
  if (!/^\s*(0[xX])?[0-9a-fA-F]+\s*$/.test(id)) return null;
  let key = id.trim().toUpperCase();
  if (key.startsWith('0X')) key = key.slice(2);
  if (key.length !== 8 && key.length !== 16 && key.length <= 16) return null;
  return [key.slice(-8), key.length > 16 ? key.slice(-16) : key, key];
}

const keyringArgs = (k?: string) => (k ? ['--keyring', k] : []);

async function allKeys(ctx: ModuleContext, keyring: string | undefined, short: boolean): Promise<string[]> {
  const argv = [APT_KEY, ...keyringArgs(keyring), 'adv', '--list-public-keys', '--keyid-format=long'];
  const r = await ctx.host.exec(argv);
  if (r.rc !== 0) throw new ModuleFailure('Unable to list public keys', { cmd: argv.join(' '), rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  return parseKeys(r.stdout, short);
}

/** download_key: the URL fetched on the target (apt's HTTP method), its bytes returned base64. */
async function downloadKey(ctx: ModuleContext, a: AptKeyArgs): Promise<string> {
  return withTemp(ctx, async (dir) => {
    await fetchOnTarget(ctx, a.url!, `${dir}/key`, `Failed to download key at ${a.url}: `, a.validate_certs === false);
    return ((await ctx.host.readFile(`${dir}/key`)) ?? Buffer.alloc(0)).toString('base64');
  });
}

/** ansible.builtin.apt_key through apt-key on the target; keyservers are refused (no outside address is contacted). */
export default defineModule<AptKeyArgs, Actions>({
  name: 'ansible.builtin.apt_key',
  aliases: ['apt_key'],
  doc: { short: 'Add or remove an apt key', description: 'Adds (from data, a file on the target or a URL) or removes a key with apt-key; keyserver is not supported.' },
  args: {
    type: 'object',
    additionalProperties: false,
    'x-mutually-exclusive': [['data', 'file', 'keyserver', 'url']],
    properties: {
      id: { type: 'string', description: 'The identifier of the key (8, 16 or more hex characters, optional 0x).' },
      url: { type: 'string', description: 'The URL to retrieve key from (fetched on the target).' },
      data: { type: 'string', description: 'The keyfile contents to add to the keyring.' },
      file: { type: 'string', description: 'The path to a keyfile on the remote server to add to the keyring.' },
      keyring: { type: 'string', description: 'The full path to specific keyring file in /etc/apt/trusted.gpg.d/.' },
      validate_certs: { type: 'boolean', default: true, description: 'If false, SSL certificates for the target url will not be validated.' },
      keyserver: { type: 'string', 'x-unsupported': 'keyserver (pgplay never contacts a key server; give the key as data, file or url)' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Ensures that the key is present (added) or absent (revoked).' },
    },
  },
  returns: {
    after: { description: 'List of apt key ids or fingerprints after any modification', returned: 'on change', type: 'list' },
    before: { description: 'List of apt key ids or fingprints before any modifications', returned: 'always', type: 'list' },
    fp: { description: 'Fingerprint of the key to import', returned: 'always', type: 'str' },
    id: { description: 'key id from source', returned: 'always', type: 'str' },
    key_id: { description: 'calculated key id, it should be same as \'id\', but can be different', returned: 'always', type: 'str' },
    short_id: { description: 'calculated short key id', returned: 'always', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const r: Record<string, unknown> = { changed: false };
    let keyId = a.id;
    let data: string | undefined = a.data === undefined ? undefined : Buffer.from(a.data).toString('base64');
    if (!keyId) {
      if (a.url) data = await downloadKey(ctx, a);
      if (a.file || data) {
        const g = await ctx.host.exec([...LANG, 'gpg', '--with-colons', a.file ?? '-'], a.file ? {} : { stdin: Buffer.from(data!, 'base64') });
        if (g.rc !== 0) throw new ModuleFailure(`Unable to extract key from '${a.file ?? 'inline data'}'`, { stdout: g.stdout, stderr: g.stderr });
        keyId = parseKeys(g.stdout, false)[0];
      }
    }
    r['id'] = keyId ?? null;
    const parsed = keyId ? parseKeyId(keyId) : null;
    if (!parsed) throw new ModuleFailure('Invalid key_id', r);
    const [shortId, fingerprint, fullId] = parsed;
    Object.assign(r, { short_id: shortId, fp: fingerprint, key_id: fullId });
    const shortFormat = fullId.length === 8;
    const keys = await allKeys(ctx, a.keyring, shortFormat);
    r['before'] = keys;
    const state = a.state ?? 'present';
    if (state === 'present') r['changed'] = !keys.includes(shortFormat ? shortId : fingerprint);
    else r['changed'] = keys.includes(fingerprint);
    const changed = r['changed'] === true;
    if (changed && state === 'present' && !a.file && data === undefined && !a.url) throw new ModuleFailure('No key to add ... how did i get here?!?!', r);
    return { changed, actions: { args: a, shortFormat, ...(data === undefined ? {} : { data }), result: r }, result: r };
  },
  async apply(plan, ctx) {
    const { args: a, shortFormat, result } = plan.actions!;
    const r = { ...result };
    const [shortId, fingerprint] = [r['short_id'] as string, r['fp'] as string];
    if ((a.state ?? 'present') === 'present') {
      // A URL is downloaded again, as ansible's module does at this point.
      const data = a.file ? undefined : a.url ? await downloadKey(ctx, a) : plan.actions!.data;
      const argv = [APT_KEY, ...keyringArgs(a.keyring), 'add', a.file ?? '-'];
      const x = await ctx.host.exec(argv, data === undefined ? {} : { stdin: Buffer.from(data, 'base64') });
      if (x.rc !== 0) {
        throw new ModuleFailure(a.file ? `Unable to add a key from file ${a.file}` : 'Unable to add a key from binary data', { cmd: argv.join(' '), rc: x.rc, ...(a.file ? { keyfile: a.file } : {}), stdout: x.stdout, stderr: x.stderr });
      }
      const after = await allKeys(ctx, a.keyring, shortFormat);
      r['after'] = after;
      if (!after.includes(shortFormat ? shortId : fingerprint)) throw new ModuleFailure(NO_ERROR('failed to add the key'), r);
      return r;
    }
    const argv = [APT_KEY, ...keyringArgs(a.keyring), 'del', shortId];
    const x = await ctx.host.exec(argv);
    if (x.rc !== 0) throw new ModuleFailure(`Unable to remove a key with id ${shortId}`, { cmd: argv.join(' '), rc: x.rc, key_id: shortId, stdout: x.stdout, stderr: x.stderr });
    const after = await allKeys(ctx, a.keyring, shortFormat);
    r['after'] = after;
    if (after.includes(fingerprint)) throw new ModuleFailure(NO_ERROR('the key was not removed'), r);
    return r;
  },
});
