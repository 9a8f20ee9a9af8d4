/**
 * The INI inventory format, read line by line as `plugins/inventory/ini.py` does: sections
 * `[g]`, `[g:vars]`, `[g:children]`; host lines shlex-split into a host pattern and `k=v` pairs;
 * every value typed with Python's `ast.literal_eval` (so `1` is an int, `[1,2]` a list, `yes` a
 * string). Children and vars sections may name groups declared later in the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { literalEval } from '../values/literal-eval.js';
import { expandHostPattern, HostPatternError } from './host-address.js';
import { shlexSplit, ShlexError } from './shlex-split.js';
import { InventoryError } from './host-group.js';
import { InventoryParseError } from './plugin-api.js';
import type { InventoryBuilder, InventoryPlugin } from './plugin-api.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

interface Pending {
  line: number;
  state: 'vars' | 'children';
  parents: string[];
}

/** `ini.py:_parse_value`: a Python literal when it is one, else the text itself. */
export function parseIniValue(v: string): unknown {
  const r = literalEval(v);
  return r.ok ? r.value : v;
}

export const iniPlugin: InventoryPlugin = {
  name: 'ini',
  aliases: ['ansible.builtin.ini'],
  verifyFile: (path) => existsSync(path), // any readable file: INI is the format of last resort
  async parse(path, builder, ctx) {
    const text = ctx.readText(path);
    // Python's strip() keeps a byte-order mark, so Ansible reads "\ufeff[web]" as a broken host range.
    if (text.startsWith('\ufeff')) {
      throw new InventoryParseError('the file starts with a UTF-8 byte-order mark, which the INI inventory reader rejects',
        { file: path, line: 1, column: 1 }, 'an INI file without a byte-order mark', [], 'inventory-syntax');
    }
    new IniReader(path, builder).read(text.split(LINE_BREAK));
  },
};

class IniReader {
  private lineno = 0;
  private raw = '';
  constructor(
    private readonly file: string,
    private readonly inv: InventoryBuilder,
  ) {}

  private fail(message: string, column = 1, expected?: string, code: 'inventory-syntax' | 'inventory-invalid' = 'inventory-syntax'): never {
    throw new InventoryParseError(message, { file: this.file, line: this.lineno, column }, expected, [], code);
  }

  /** 1-based column of `needle` in the current raw line (1 when it is not found verbatim). */
  private col(needle: string): number {
    const i = this.raw.indexOf(needle);
    return i < 0 ? 1 : i + 1;
  }

  read(lines: string[]): void {
    const pending = new Map<string, Pending>();
    let group = 'ungrouped';
    let state = 'hosts';
    for (const rawLine of lines) {
      this.lineno++;
      this.raw = rawLine;
      const line = rawLine.trim();
      if (!line || line[0] === ';' || line[0] === '#') continue;
      const m = SECTION.exec(line);
      if (m) {
        group = m[1]!;
        state = m[2] ?? 'hosts';
      } else if (line.startsWith('[') && line.endsWith(']')) {
        this.fail(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
          this.col(line), 'a section header such as [name], [name:vars] or [name:children]',
        );
      }
      try {
        if (m) this.section(group, state, m, pending);
        else if (state === 'hosts') this.hostLine(line, group);
        else if (state === 'vars') this.varLine(line, group);
        else this.childLine(line, group, pending);
      } catch (e) {
        // Inventory rule violations (loops, empty names) get this line's position too.
        if (e instanceof InventoryError) this.fail(e.message, this.col(line), undefined, 'inventory-invalid');
        throw e;
      }
    }
    for (const [name, decl] of pending) {
      this.lineno = decl.line;
      if (decl.state === 'vars') {
        this.fail(`Section [${name}:vars] not valid for undefined group: ${name}`, 1, `a group named ${name} defined in this inventory`, 'inventory-invalid');
      }
      this.fail(`Section [${decl.parents.at(-1)}:children] includes undefined group: ${name}`, 1, `a group named ${name} defined in this inventory`,
        'inventory-invalid');
    }
  }

  private section(group: string, state: string, m: RegExpExecArray, pending: Map<string, Pending>): void {
    if (!['hosts', 'children', 'vars'].includes(state)) {
      this.fail(`Section [${m.slice(1).filter((x) => x !== undefined).join(':')}] has unknown type: ${state}`, this.col(':' + state) + 1,
        'one of: hosts, children, vars');
    }
    if (!this.inv.hasGroup(group)) {
      if (state === 'vars' && !pending.has(group)) pending.set(group, { line: this.lineno, state: 'vars', parents: [] });
      this.inv.addGroup(group);
    }
    const decl = pending.get(group);
    if (decl && state !== 'vars') {
      if (decl.state === 'children') this.addPendingChildren(group, pending);
      else pending.delete(group);
    }
  }

  private addPendingChildren(group: string, pending: Map<string, Pending>): void {
    for (const parent of pending.get(group)!.parents) {
      this.inv.addChild(parent, group);
      if (pending.get(parent)?.state === 'children') this.addPendingChildren(parent, pending);
    }
    pending.delete(group);
  }

  private hostLine(line: string, group: string): void {
    let tokens: string[];
    try {
      tokens = shlexSplit(line, true);
    } catch (e) {
      if (!(e instanceof ShlexError)) throw e;
      this.fail(`Error parsing host definition '${line}': ${e.message}`, this.col(line), 'balanced quotes');
    }
    if (tokens.length === 0) this.fail(`Error parsing host definition '${line}': no host name`, this.col(line), 'a host name');
    const pattern = tokens[0]!;
    const { hosts, port } = this.expand(pattern);
    const vars: [string, unknown][] = [];
    for (const t of tokens.slice(1)) {
      const eq = t.indexOf('=');
      if (eq < 0) this.fail(`Expected key=value host variable assignment, got: ${t}`, this.col(t), 'key=value');
      vars.push([t.slice(0, eq), parseIniValue(t.slice(eq + 1))]);
    }
    for (const h of hosts) {
      this.inv.addHost(h, group, port);
      for (const [k, v] of vars) this.inv.setVariable(h, k, v);
    }
  }

  private expand(pattern: string): { hosts: string[]; port: number | undefined } {
    if (pattern.startsWith('[') && !pattern.includes(']')) {
      this.fail(`'${pattern}' has no closing ']'`, this.col(pattern), 'a section header such as [name] or a host range such as web[01:10]');
    }
    let r: { hosts: string[]; port: number | undefined };
    try {
      r = expandHostPattern(pattern);
    } catch (e) {
      if (!(e instanceof HostPatternError)) throw e;
      this.fail(e.message, this.col(pattern), 'a host range such as [01:10], [a:f] or [1:10:2]');
    }
    if (pattern.trim().endsWith(':') && r.port === undefined) {
      this.fail(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
        this.col(pattern), 'host or host:port');
    }
    if (r.hosts.some((h) => h.trim() === '---')) {
      this.fail(`Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`, this.col(pattern),
        'an INI inventory (a YAML inventory needs a .yml/.yaml extension or a mapping at the top)');
    }
    return r;
  }

  private varLine(line: string, group: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) this.fail(`Expected key=value, got: ${line}`, this.col(line), 'key=value');
    this.inv.setVariable(group, line.slice(0, eq).trim(), parseIniValue(line.slice(eq + 1).trim()));
  }

  private childLine(line: string, group: string, pending: Map<string, Pending>): void {
    const m = GROUP_NAME.exec(line);
    if (!m) this.fail(`Expected group name, got: ${line}`, this.col(line), 'a group name');
    const child = m[1]!;
    if (this.inv.hasGroup(child)) {
      this.inv.addChild(group, child);
      return;
    }
    const decl = pending.get(child);
    if (decl) decl.parents.push(group);
    else pending.set(child, { line: this.lineno, state: 'children', parents: [group] });
  }
}
