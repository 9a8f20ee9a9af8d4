/** Ansible's own filters, tests and lookups, as one registry that overrides Jinja2's builtins. */
import type { TemplateRegistry } from '../types.js';

export const ansibleRegistry: TemplateRegistry = { filters: {}, tests: {}, lookups: {} };
