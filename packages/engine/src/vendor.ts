/**
 * Third-party libraries enter the engine here, so each can be swapped in one place.
 * ajv ships CommonJS whose default export TypeScript sees as a namespace under NodeNext.
 */
import AjvImport from 'ajv';
import type { ErrorObject, ValidateFunction, Options as AjvOptions } from 'ajv';

type AjvClass = typeof AjvImport.default;
const Ajv: AjvClass = ((AjvImport as unknown as { default?: AjvClass }).default ?? (AjvImport as unknown as AjvClass));

export { Ajv };
export type { ErrorObject, ValidateFunction, AjvOptions };
