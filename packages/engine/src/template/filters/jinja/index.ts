/** All of Jinja2's builtin filters. */
import type { FilterFn } from '../../types.js';
import { STRING_FILTERS } from './strings.js';
import { LIST_FILTERS } from './lists.js';
import { NUMBER_FILTERS } from './numbers.js';

export const JINJA_FILTERS: Record<string, FilterFn> = { ...STRING_FILTERS, ...LIST_FILTERS, ...NUMBER_FILTERS };
