import { createHash } from 'node:crypto';
import { defineModule, sh, ModuleFailure, type ModuleContext, type JSONSchema } from '@pgplay/engine/module-api';
import { fetchOnTarget, withTemp } from './apt/fetch.js';
import { octalMode } from './apt/octal-mode.js';
import { pathInfo } from './util/path-info.js';
import { parseStatLines, statLines } from './util/file-state.js';

/** exit_json's add_path_info for `dest`, probed after the task's work. */
async function withDestInfo(ctx: ModuleContext, result: Record<string, unknown>): Promise<Record<string, unknown>> {
  const dest = result['dest'] as string;
  // Drop what plan saw of dest: apply's result describes the file as the task left it.
  const { uid: _u, gid: _g, owner: _o, group: _gr, mode: _m, state: _s, size: _z, ...own } = result;
  return { ...own, ...pathInfo(parseStatLines(dest, (await ctx.host.exec(statLines(dest))).stdout)) };
}

interface Deb822Args {
  name: string;
  state?: 'present' | 'absent';
  mode?: string | number;
  signed_by?: string;
  [field: string]: unknown;
}

interface Actions {
  state: 'present' | 'absent';
  dest: string;
  /** Files to delete (state=absent). */
  remove: string[];
  /** A fetched key to write to /etc/apt/keyrings (base64), when it differs. */
  key?: { path: string; data: string; writeData: boolean };
  sources?: { text: string; mode: string };
}

const KEYRINGS_DIR = '/etc/apt/keyrings';
/** Options that are not deb822 fields (ansible pops them before building the file). */
const NOT_FIELDS = new Set(['mode', 'state']);

/** The file's slug as ansible makes it from `name`. */
const slugOf = (name: string) => name.toLowerCase().replace(/[_\s]+/g, '-').replace(/[^a-z0-9-]+/g, '');

/** format_field_name: name → X-Repolib-Name, uris → URIs, else str.title() of the dashed name. */
function fieldName(k: string): string {
  if (k === 'name') return 'X-Repolib-Name';
  if (k === 'uris') return 'URIs';
  return k.replace(/_/g, '-').toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

/** format_multiline: continuation lines indented four spaces, blank ones as ".". */
const multiline = (v: string) => '\n' + v.trim().split(/\r?\n/).map((l) => `    ${l.trim() || '.'}`).join('\n');

/** python-debian's Deb822.dump: "Key: value", or "Key:" directly followed by a multiline value. */
const dumpField = (k: string, v: string) => (v === '' || v.startsWith('\n') ? `${k}:${v}\n` : `${k}: ${v}\n`);

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** write_signed_by_key for a URL: fetched on the target; changed when the keyring file or its mode differs. */
async function fetchKey(ctx: ModuleContext, url: string, slug: string): Promise<{ changed: boolean; key: NonNullable<Actions['key']> | null; path: string | null }> {
  const data = await withTemp(ctx, async (dir) => {
    await fetchOnTarget(ctx, url, `${dir}/key`, 'Could not fetch signed_by key: ');
    return (await ctx.host.readFile(`${dir}/key`)) ?? Buffer.alloc(0);
  });
  if (data.length === 0) return { changed: false, key: null, path: url };
  const path = `${KEYRINGS_DIR}/${slug}.${data.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? 'asc' : 'gpg'}`;
  const [existing, st, dir] = await Promise.all([ctx.host.readFile(path), ctx.host.stat(path), ctx.host.stat(KEYRINGS_DIR)]);
  const writeData = existing === null || sha256(existing) !== sha256(data);
  // ensure_keyrings_dir runs only when the key is written: a missing or non-root:root 0755 directory counts.
  const dirChanged = writeData && (!dir.exists || dir.mode !== '0755' || dir.owner !== 'root' || dir.group !== 'root');
  const changed = writeData || dirChanged || st.mode !== '0644';
  return { changed, key: changed ? { path, data: data.toString('base64'), writeData } : null, path };
}

/** ansible.builtin.deb822_repository: one /etc/apt/sources.list.d/<slug>.sources file, its key in /etc/apt/keyrings. */
export default defineModule<Deb822Args, Actions>({
  name: 'ansible.builtin.deb822_repository',
  aliases: ['deb822_repository'],
  doc: { short: 'Add and remove deb822 formatted repositories', description: 'Writes a deb822 .sources file (and a signed_by key given as a URL into /etc/apt/keyrings); never updates the apt cache itself.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      allow_downgrade_to_insecure: { type: 'boolean', description: 'Allow downgrading a package that was previously authenticated but is no longer authenticated.' },
      allow_insecure: { type: 'boolean', description: 'Allow insecure repositories.' },
      allow_weak: { type: 'boolean', description: 'Allow repositories signed with a key using a weak digest algorithm.' },
      architectures: { type: 'array', items: { type: 'string' }, description: 'Architectures to search within repository.' },
      by_hash: { type: 'boolean', description: 'Controls if APT should try to acquire indexes via a URI constructed from a hashsum of the expected file.' },
      check_date: { type: 'boolean', description: 'Controls if APT should consider the machine\'s time correct.' },
      check_valid_until: { type: 'boolean', description: 'Controls if APT should try to detect replay attacks.' },
      components: { type: 'array', items: { type: 'string' }, description: 'Components specify different sections of one distribution version present in a Suite.' },
      date_max_future: { type: 'integer', description: 'Controls how far from the future a repository may be.' },
      enabled: { type: 'boolean', description: 'Tells APT whether the source is enabled or not.' },
      inrelease_path: { type: 'string', description: 'Determines the path to the InRelease file, relative to the normal position of an InRelease file.' },
      languages: { type: 'array', items: { type: 'string' }, description: 'Defines which languages information such as translated package descriptions should be downloaded.' },
      name: { type: 'string', description: 'Name of the repo (the .sources file\'s slug, and X-Repolib-Name).' },
      pdiffs: { type: 'boolean', description: 'Controls if APT should try to use PDiffs to update old indexes.' },
      signed_by: { type: 'string', description: 'An absolute path to a keyring file, one or more fingerprints of keys, a URL to a key (fetched on the target into /etc/apt/keyrings) or an inline armored key.' },
      suites: { type: 'array', items: { type: 'string' }, description: 'Suite can specify an exact path in relation to the URI(s) provided, in which case the Components: must be omitted.' },
      targets: { type: 'array', items: { type: 'string' }, description: 'Defines which download targets apt will try to acquire from this source.' },
      trusted: { type: 'boolean', description: 'Decides if a source is considered trusted or if warnings should be raised before e.g. packages are installed from this source.' },
      types: { type: 'array', items: { type: 'string', enum: ['deb', 'deb-src'] }, default: ['deb'], description: 'Which types of packages to look for from a given source; either binary deb or source code deb-src.' },
      uris: { type: 'array', items: { type: 'string' }, description: 'The URIs must specify the base of the Debian distribution archive, from which APT finds the information it needs.' },
      mode: { type: ['string', 'integer'], default: '0644', description: 'The octal mode for newly created files in sources.list.d.' } as JSONSchema,
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'A source string state.' },
    },
  },
  returns: {
    dest: { description: 'Path to the repository file', returned: 'always', type: 'str' },
    key_filename: { description: 'Path to the signed_by key file', returned: 'always', type: 'str' },
    repo: { description: 'A source string for the repository', returned: 'always', type: 'str' },
  },
  // deb822_repository.py returns no diff: nothing is printed under --diff.
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const slug = slugOf(a.name);
    const dest = `/etc/apt/sources.list.d/${slug}.sources`;
    if ((a.state ?? 'present') === 'absent') {
      const keys = ['asc', 'gpg'].map((e) => `${KEYRINGS_DIR}/${slug}.${e}`);
      const r = await ctx.host.exec(sh`for f in ${[dest, ...keys]}; do test -e "$f" && echo "$f"; done; true`);
      const remove = r.stdout.split('\n').filter(Boolean);
      const changed = remove.length > 0;
      return { changed, actions: { state: 'absent', dest, remove }, result: await withDestInfo(ctx, { repo: null, changed, dest, key_filename: keys[1] }) };
    }
    let changed = false;
    let keyFilename: string | null = null;
    let key: Actions['key'];
    let text = '';
    for (const [k, raw] of Object.entries(a)) {
      if (raw === undefined || raw === null || NOT_FIELDS.has(k)) continue;
      let value: string;
      if (typeof raw === 'boolean') value = raw ? 'yes' : 'no';
      else if (typeof raw === 'number') value = String(raw);
      else if (Array.isArray(raw)) value = raw.join(' ');
      else {
        value = String(raw);
        if (k === 'signed_by') {
          const isFile = (await ctx.host.stat(value).catch(() => ({ exists: false, type: undefined }))).type === 'file';
          if (isFile) keyFilename = value;
          else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) {
            const f = await fetchKey(ctx, value, slug);
            changed ||= f.changed;
            keyFilename = f.path;
            if (f.key) key = f.key;
            value = f.path ?? value;
          }
        }
      }
      if (value.includes('\n')) value = multiline(value);
      text += dumpField(fieldName(k), value);
    }
    const mode = octalMode(a.mode ?? '0644', 'deb822_repository');
    const [existing, st] = await Promise.all([ctx.host.readFile(dest), ctx.host.stat(dest)]);
    if (existing === null || existing.toString('utf8') !== text || st.mode !== mode) changed = true;
    const result = { repo: text, changed, dest, key_filename: keyFilename };
    return { changed, actions: { state: 'present', dest, remove: [], ...(key ? { key } : {}), sources: { text, mode } }, result: await withDestInfo(ctx, result) };
  },
  async apply(plan, ctx) {
    const act = plan.actions!;
    if (act.state === 'absent') {
      const r = await ctx.host.exec(sh`rm -f ${act.remove}`);
      if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim());
      return withDestInfo(ctx, plan.result!);
    }
    if (act.key?.writeData) {
      const r = await ctx.host.exec(sh`test -d ${KEYRINGS_DIR} || mkdir -m 0755 ${KEYRINGS_DIR}; chown root:root ${KEYRINGS_DIR} && chmod 0755 ${KEYRINGS_DIR}`);
      if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim());
      await ctx.host.put(Buffer.from(act.key.data, 'base64'), act.key.path, { mode: '0644' });
    } else if (act.key) await ctx.host.exec(sh`chmod 0644 ${act.key.path}`);
    await ctx.host.put(act.sources!.text, act.dest, { mode: act.sources!.mode });
    return withDestInfo(ctx, plan.result!);
  },
});
