/** AnsibleModule.get_bin_path's failure text: PATH plus the sbin directories it always searches. */
export function missingExecutable(name: string, pathEnv: string): string {
  const paths = pathEnv.trim().split(':').filter((p) => p !== '');
  for (const d of ['/sbin', '/usr/sbin', '/usr/local/sbin']) if (!paths.includes(d)) paths.push(d);
  return `Failed to find required executable "${name}" in paths: ${paths.join(':')}`;
}
