/** jinja2's _GroupTuple: a (grouper, list) tuple from `groupby` that also answers `.grouper` / `.list`. */
import { PyTuple } from '../values/py.js';

export class GroupTuple extends PyTuple {
  static make(grouper: unknown, list: unknown[]): GroupTuple {
    const t = new GroupTuple();
    t.push(grouper, list);
    return t;
  }
}
