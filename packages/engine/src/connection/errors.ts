/**
 * Errors of the connection layer that modules must let through (never turn into their own
 * failure): the engine makes an `unreachable` result of UnreachableError and a bare
 * `{failed, msg}` result, as ansible's TaskExecutor does for an AnsibleError, of the others.
 */
export class ConnectionError extends Error {}

/** The host cannot be reached (connect, authentication, host key, dropped connection). */
export class UnreachableError extends ConnectionError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** A become conversation that failed ('Incorrect sudo password', 'Missing sudo password', a prompt timeout). */
export class BecomeError extends ConnectionError {
  constructor(message: string) {
    super(message);
    this.name = 'BecomeError';
  }
}
