/**
 * Default-callback text comparison, after normalise.ts. Banners (PLAY, TASK, PLAY RECAP) must
 * match line for line and in order. Under a banner, the lines are cut into per-host chunks (a
 * diff block, the status line, its pretty-printed JSON); each host's chunks must
 * match in order, but hosts may interleave differently, as ansible's own forks do.
 */
const BANNER = /^(PLAY \[.*\]|TASK \[.*\]|RUNNING HANDLER \[.*\]|PLAY RECAP|PLAYBOOK: .*|DRY RUN) \*{3,}$/;
const STATUS = /^(?:ok|changed|skipping|failed|fatal): \[([^\]]+?)(?: -> [^\]]+)?\]|^FAILED - RETRYING: \[([^\]]+)\]:/;

interface Section {
  banner: string;
  chunks: Map<string, string[][]>;
}

function chunkBody(body: string[]): Map<string, string[][]> {
  const chunks = new Map<string, string[][]>();
  const add = (host: string, lines: string[]): void => {
    chunks.set(host, [...(chunks.get(host) ?? []), lines]);
  };
  let pending: string[] = [];
  for (let i = 0; i < body.length; i++) {
    // "...ignoring" follows a loop's *aggregate* result, which hosts may print after another host's
    // item lines; it is counted per task here, and attributed per host by the events' `ignored`.
    if (body[i] === '...ignoring') {
      add('(...ignoring)', [body[i]!]);
      continue;
    }
    const m = STATUS.exec(body[i]!);
    if (!m) {
      pending.push(body[i]!);
      continue;
    }
    const lines = [...pending, body[i]!];
    pending = [];
    if (/[{[]$/.test(body[i]!)) {
      // A pretty-printed result runs to its closing bracket in column 0.
      while (i + 1 < body.length && !/^[}\]]$/.test(body[i]!)) lines.push(body[++i]!);
    }
    add(m[1] ?? m[2]!, lines);
  }
  // Whatever is left (normally the blank line before the next banner) is compared as-is.
  if (pending.length) add('(no host)', pending);
  return chunks;
}

/**
 * `included: <file> for h2, h1` lists hosts in the order their include results arrived, which in
 * ansible is completion order: the host list is compared as a set (README, "What must agree").
 */
function sortIncludedHosts(line: string): string {
  const m = /^(included: .* for )(.+?)( => \(item=.*\))?$/.exec(line);
  return m ? `${m[1]}${m[2]!.split(', ').sort().join(', ')}${m[3] ?? ''}` : line;
}

export function sections(lines: string[]): Section[] {
  const out: Section[] = [{ banner: '(before the first banner)', chunks: new Map() }];
  let body: string[] = [];
  const close = (): void => {
    const s = out[out.length - 1]!;
    s.chunks = s.banner === 'PLAY RECAP' ? new Map([['(recap)', [body]]]) : chunkBody(body);
    body = [];
  };
  for (const raw of lines) {
    const line = sortIncludedHosts(raw);
    if (BANNER.test(line)) {
      close();
      out.push({ banner: line, chunks: new Map() });
    } else body.push(line);
  }
  close();
  return out;
}

function firstLineDiff(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ansible ${JSON.stringify(a[i] ?? '<none>')}, pgplay ${JSON.stringify(b[i] ?? '<none>')}`;
  }
  return 'identical';
}

export function compareText(ansible: string[], pgplay: string[]): string[] {
  const problems: string[] = [];
  const sa = sections(ansible);
  const sb = sections(pgplay);
  for (let i = 0; i < Math.max(sa.length, sb.length) && problems.length < 12; i++) {
    const a = sa[i];
    const b = sb[i];
    if (!a || !b || a.banner !== b.banner) {
      problems.push(`text section #${i}: ansible ${JSON.stringify(a?.banner ?? '<end of output>')}, pgplay ${JSON.stringify(b?.banner ?? '<end of output>')}`);
      break;
    }
    const hosts = [...new Set([...a.chunks.keys(), ...b.chunks.keys()])].sort();
    for (const h of hosts) {
      const ca = a.chunks.get(h) ?? [];
      const cb = b.chunks.get(h) ?? [];
      for (let k = 0; k < Math.max(ca.length, cb.length); k++) {
        const x = ca[k] ?? [];
        const y = cb[k] ?? [];
        if (x.join('\n') !== y.join('\n')) {
          problems.push(`text under ${JSON.stringify(a.banner.replace(/ \*+$/, ''))}, host ${h}, chunk ${k + 1}: ${firstLineDiff(x, y)}`);
          break;
        }
      }
    }
  }
  return problems;
}
