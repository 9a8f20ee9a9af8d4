/**
 * AWS errors as task failures. The collections' `fail_json_aws` makes the message
 * "<what failed>: <botocore's text>", botocore's text being
 * "An error occurred (<Code>) when calling the <Operation> operation: <Message>", and adds the
 * error response (snake_case) to the result. pgplay keeps that shape and adds a hint for the
 * error classes a user must act on (access denied, dependencies, not found).
 */
import { ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';

/** Error codes that mean "slow down": retried with backoff (botocore's throttling list). */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded',
  'BandwidthLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** An AWS API error, with the operation that raised it. */
export interface AwsErrorInfo {
  code: string;
  message: string;
  operation: string;
  httpStatus?: number | undefined;
  requestId?: string | undefined;
  retryAttempts?: number | undefined;
  /** Query-protocol services (IAM, ELBv2) say who is at fault: "Sender" or "Receiver". */
  type?: string | undefined;
}

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
  /** The awsQuery error's <Type> (ELBv2, IAM, STS): botocore returns it as error.type. */
  Type?: string;
}

/** What an SDK exception says, or undefined for errors that are not AWS answers. */
export function awsErrorInfo(e: unknown, operation: string): AwsErrorInfo | undefined {
  if (!e || typeof e !== 'object' || !('$metadata' in e)) return undefined;
  const s = e as SdkErrorShape;
  return {
    code: s.Code ?? s.name ?? 'Unknown',
    message: s.message ?? '',
    operation,
    httpStatus: s.$metadata?.httpStatusCode,
    requestId: s.$metadata?.requestId,
    retryAttempts: s.$metadata?.attempts !== undefined ? s.$metadata.attempts - 1 : 0,
    ...(typeof s.Type === 'string' ? { type: s.Type } : {}),
  };
}

/** botocore's ClientError text. */
export function botocoreText(info: AwsErrorInfo): string {
  return `An error occurred (${info.code}) when calling the ${info.operation} operation: ${info.message}`;
}

/** A short hint for error classes where the fix is on the user's side. */
function hint(code: string): string | undefined {
  if (code === 'DependencyViolation') return 'the resource still has dependent objects; remove those first';
  if (/AccessDenied|UnauthorizedOperation|AuthFailure|InvalidClientTokenId|SignatureDoesNotMatch/.test(code)) {
    return 'the credentials in use are not allowed to do this (check region, profile and keys)';
  }
  if (THROTTLING_CODES.has(code)) return 'AWS kept throttling the request after every retry';
  return undefined;
}

/** The failure a module reports for an AWS error: `msg` as fail_json_aws builds it. */
export function awsFailure(e: unknown, operation: string, what?: string): ModuleFailure {
  const info = awsErrorInfo(e, operation);
  if (!info) {
    const text = e instanceof Error ? e.message : String(e);
    return new ModuleFailure(what ? `${what}: ${text}` : text);
  }
  const text = botocoreText(info);
  const result: ModuleResult = {
    // botocore's Error dict: Code, Message, and Type where the answer has one.
    error: { code: info.code, message: info.message, ...(info.type !== undefined ? { type: info.type } : {}) },
    response_metadata: { http_status_code: info.httpStatus, request_id: info.requestId, retry_attempts: info.retryAttempts },
  };
  const h = hint(info.code);
  if (h) result['hint'] = h;
  return new ModuleFailure(what ? `${what}: ${text}` : text, result);
}

/** True when the error is an AWS answer with one of these codes. */
export function isAwsCode(e: unknown, ...codes: string[]): boolean {
  const info = awsErrorInfo(e, '');
  return info !== undefined && codes.includes(info.code);
}
