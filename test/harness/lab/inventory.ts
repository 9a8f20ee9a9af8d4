// The suite's Ansible-style INI inventory: what pgplay and the ansible-core oracle both read.
import type { HostState } from './host.js';

export interface InventoryInput {
  suite: string;
  hosts: HostState[];
  keyPath: string;
  knownHostsPath: string;
  passwords: { sudopw: string; pwonly: string };
}

const q = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;

export function renderInventory(inv: InventoryInput): string {
  const lines = [`# pgplay lab suite ${inv.suite}: written by scripts/lab up; removed by scripts/lab down.`, '[lab]'];
  for (const h of inv.hosts) lines.push(`${h.name} ansible_host=${h.address}`);
  lines.push('', '[lab:vars]', 'ansible_user=root', 'ansible_port=22',
    `ansible_ssh_private_key_file=${inv.keyPath}`,
    `ansible_ssh_common_args=${q(`-o UserKnownHostsFile=${inv.knownHostsPath} -o StrictHostKeyChecking=yes`)}`,
    'ansible_python_interpreter=/usr/bin/python3',
    'lab_sudoer_user=sudoer',
    'lab_sudopw_user=sudopw', `lab_sudopw_password=${inv.passwords.sudopw}`,
    'lab_pwonly_user=pwonly', `lab_pwonly_password=${inv.passwords.pwonly}`, '');
  return lines.join('\n');
}
