/** How Unknown arrives in --output json events. */
export const UNKNOWN = '(known after apply)';
