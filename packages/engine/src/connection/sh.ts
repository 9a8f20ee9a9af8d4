/**
 * The one place shell text is built. `sh` quotes every interpolation for POSIX sh (dash on
 * Debian/Ubuntu: single quotes, never bash's $'…'); `secret(x)` is quoted the same way in the
 * command but shows as ******** wherever the command is displayed or logged.
 */
const SECRET_MASK = '********';

class Secret {
  constructor(readonly value: string) {}
  toString(): string {
    return SECRET_MASK;
  }
  toJSON(): string {
    return SECRET_MASK;
  }
}

export interface ShellCommand {
  readonly kind: 'sh';
  /** The text given to `sh -c`. */
  readonly text: string;
  /** The same command with secrets masked: the only form that may reach output. */
  readonly display: string;
  /** The secret values inside, so output filters can mask them in stdout/stderr too. */
  readonly secrets: readonly string[];
}

export function secret(value: string): Secret {
  return new Secret(value);
}

/** POSIX single-quoting: 'it'\''s'. Words made only of safe characters stay bare. */
export function quote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

type Interpolation = string | number | Secret | ShellCommand | readonly (string | number | Secret)[];

function isCommand(v: unknown): v is ShellCommand {
  return typeof v === 'object' && v !== null && (v as ShellCommand).kind === 'sh';
}

function render(v: Interpolation, secrets: string[]): [string, string] {
  if (isCommand(v)) {
    secrets.push(...v.secrets);
    return [v.text, v.display];
  }
  if (Array.isArray(v)) {
    const parts = (v as readonly (string | number | Secret)[]).map((x) => render(x, secrets));
    return [parts.map((p) => p[0]).join(' '), parts.map((p) => p[1]).join(' ')];
  }
  if (v instanceof Secret) {
    secrets.push(v.value);
    return [quote(v.value), SECRET_MASK];
  }
  const q = quote(String(v));
  return [q, q];
}

/**
 * A glob pattern for the shell: `*`, `?` and `[...]` stay active, everything else is quoted,
 * so `for f in ${globPattern(p)}` expands like Python's glob.glob(p) and nothing else.
 */
export function globPattern(pattern: string): ShellCommand {
  let text = '';
  let lit = '';
  const flush = () => {
    if (lit) text += quote(lit);
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' || c === '?') {
      flush();
      text += c;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        lit += c;
        continue;
      }
      flush();
      const body = pattern.slice(i + 1, end).replace(/^!/, '!');
      text += '[' + body.replace(/[^A-Za-z0-9!^_.,:-]/g, (x) => `\\${x}`) + ']';
      i = end;
    } else lit += c;
  }
  flush();
  return Object.freeze({ kind: 'sh' as const, text: text || "''", display: text || "''", secrets: Object.freeze([]) });
}

/** Tagged template: sh`test -e ${path} && cat ${path}`. */
export function sh(strings: TemplateStringsArray, ...values: Interpolation[]): ShellCommand {
  let text = strings[0] ?? '';
  let display = text;
  const secrets: string[] = [];
  values.forEach((v, i) => {
    const [t, d] = render(v, secrets);
    const tail = strings[i + 1] ?? '';
    text += t + tail;
    display += d + tail;
  });
  return Object.freeze({ kind: 'sh' as const, text, display, secrets: Object.freeze(secrets) });
}

/**
 * Shell text a user wrote as shell (`become_flags`, `become_exe`, the `raw` module's command):
 * taken as is, as ansible takes it. Never pass data through here, only configuration text.
 */
export function verbatim(text: string): ShellCommand {
  return Object.freeze({ kind: 'sh' as const, text, display: text, secrets: Object.freeze([]) });
}

/** Commands joined by spaces (empty ones left out): `sudo`, its flags, `-u user`, the command. */
export function joinCommands(parts: readonly ShellCommand[]): ShellCommand {
  const kept = parts.filter((p) => p.text !== '');
  return Object.freeze({ kind: 'sh' as const, text: kept.map((p) => p.text).join(' '), display: kept.map((p) => p.display).join(' '), secrets: Object.freeze(kept.flatMap((p) => p.secrets)) });
}

/** A whole command as one quoted word, for `sh -c ${asWord(cmd)}` and `su -c`. */
export function asWord(cmd: ShellCommand): ShellCommand {
  return Object.freeze({ kind: 'sh' as const, text: quote(cmd.text), display: quote(cmd.display), secrets: cmd.secrets });
}

/** Masks every known secret value in a text (stdout, stderr, error messages). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join(SECRET_MASK);
  return out;
}
