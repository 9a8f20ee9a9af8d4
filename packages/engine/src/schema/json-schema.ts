/** The JSON Schema subset module arguments use (draft 2020-12 keywords ajv understands). */
export interface JSONSchema {
  $id?: string;
  $schema?: string;
  $ref?: string;
  $defs?: Record<string, JSONSchema>;
  title?: string;
  description?: string;
  type?: JSONSchemaType | JSONSchemaType[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  additionalProperties?: boolean | JSONSchema;
  patternProperties?: Record<string, JSONSchema>;
  items?: JSONSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: JSONSchema[];
  anyOf?: JSONSchema[];
  allOf?: JSONSchema[];
  not?: JSONSchema;
  if?: JSONSchema;
  then?: JSONSchema;
  else?: JSONSchema;
  dependentRequired?: Record<string, string[]>;
  /** pgplay extensions (ajv runs with these declared as keywords). */
  'x-aliases'?: string[];
  'x-unsupported'?: string;
  'x-no-log'?: boolean;
  /** argument_spec's fallback=(env_fallback, [...]): the first of these variables present in the module's environment (no-log-values.ts). */
  'x-env-fallback'?: string[];
  /** argument_spec's deprecated_aliases: using one makes the module deprecate it (alias-deprecations.ts). */
  'x-deprecated-aliases'?: DeprecatedAlias[];
  [key: `x-${string}`]: unknown;
}
export interface DeprecatedAlias {
  name: string;
  date?: string;
  version?: string;
  collection_name?: string;
}
export type JSONSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
