/**
 * How cached facts become variables (vars/manager.py get_vars with vars/clean.py): all of them
 * under `ansible_facts` without their `ansible_` prefix (namespace_facts), and, because
 * INJECT_FACTS_AS_VARS is on, each at top level as stored (clean_facts), minus the names that
 * could override connection settings or internals.
 */
const MAGIC = new Set(['ansible_become', 'ansible_become_exe', 'ansible_become_flags', 'ansible_become_method', 'ansible_become_pass', 'ansible_become_password', 'ansible_become_user', 'ansible_connection', 'ansible_connection_user', 'ansible_docker_extra_args', 'ansible_host', 'ansible_module_compression', 'ansible_network_os', 'ansible_password', 'ansible_pipelining', 'ansible_port', 'ansible_private_key_file', 'ansible_scp_extra_args', 'ansible_sftp_extra_args', 'ansible_shell_executable', 'ansible_shell_type', 'ansible_ssh_common_args', 'ansible_ssh_executable', 'ansible_ssh_extra_args', 'ansible_ssh_host', 'ansible_ssh_pass', 'ansible_ssh_pipelining', 'ansible_ssh_port', 'ansible_ssh_private_key_file', 'ansible_ssh_timeout', 'ansible_ssh_transfer_method', 'ansible_ssh_user', 'ansible_timeout', 'ansible_user', 'ansible_rsync_path', 'ansible_playbook_python', 'ansible_facts', 'add_host', 'add_group']);
const CONNECTION_PREFIX = /^ansible_(local|paramiko_ssh|psrp|ssh|winrm)_/;

/** namespace_facts: `ansible_x` → `x` (ansible_local keeps its name). */
export function namespaceFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return out;
}

/** clean_facts + strip_internal_keys: the facts that may become top-level variables. */
export function cleanFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (k.startsWith('_ansible_')) continue;
    const restricted = MAGIC.has(k) || (CONNECTION_PREFIX.test(k) && !/_(bridge|gwbridge)$/.test(k)) || k.startsWith('ansible_become_') || /^ansible_.*_interpreter$/.test(k);
    if (restricted && !k.startsWith('ansible_ssh_host_key_')) continue;
    out[k] = v;
  }
  return out;
}

/** The variables the facts layer holds. */
export function factVars(facts: Record<string, unknown>, inject = true): Record<string, unknown> {
  const top = inject ? cleanFacts(facts) : { ansible_local: facts.ansible_local ?? {} };
  return { ansible_facts: namespaceFacts(facts), ...top };
}
