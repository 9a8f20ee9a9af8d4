/** A problem that stops the whole run (ansible-playbook's "ERROR! …", exit 1). */
export class PlayError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'PlayError';
  }
}
