/** The one play every AWS test runs: localhost, no facts, region from module_defaults group/aws. */
export const awsPlay = (tasks: string, setup = ''): string => `
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/aws:
      region: eu-central-1
  tasks:
${setup}${tasks}`;
