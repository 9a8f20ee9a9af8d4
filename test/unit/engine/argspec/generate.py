"""Expected values for test/unit/engine/argspec-types.test.ts, computed by the pinned ansible-core.

Run with the oracle's interpreter: .venv/bin/python test/unit/engine/argspec/generate.py
It writes expected.json beside itself: each case's input (JSON, floats as {"float": x}) and what
ansible's check_type_* functions or ArgumentSpecValidator made of it.
"""
import json
import os
import sys

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import DEFAULT_TYPE_VALIDATORS

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {"dict": {k: enc(x) for k, x in v.items()}}
    return v


VALUES = [
    "yes", "No", " on ", "1", "0", "true", "maybe", "", 1, 0, 2, 1.0, 0.0, 2.5, True, False, None,
    "42", " -7 ", "+3", "1_000", "4.5", "1e3", "inf", "-Infinity", "nan", ".5", "5.", "abc", "0x10",
    "a,b,,c", "a=1 b=2", "a=1,b='x y'", '{"k": [1, 2]}', "{bad", "words only",
    "10", "2K", "1.5M", "1KB", "1Kb", "3 G", "1MB", "1Mb", "2.5b", "7 bytes", "1X", "K",
    [1, "a"], {"a": 1, "b": [True, None]}, "~/x", "$HOME/y", "/plain",
]

TYPES = ["str", "list", "dict", "bool", "int", "float", "raw", "jsonarg", "json", "bytes", "bits"]


def check_types():
    out = []
    for t in TYPES:
        for v in VALUES:
            if t == "bool" and not isinstance(v, (bool, list, dict, type(None))) and v not in (
                    'y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f', 0, 1) and (
                    not isinstance(v, str) or v.strip().lower() not in (
                    'y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f')):
                # the error lists a frozenset in string-hash order, which changes every run
                continue
            try:
                r = DEFAULT_TYPE_VALIDATORS[t](v)
                if isinstance(r, int) and abs(r) > 2 ** 53:
                    # pgplay's integers are exact to 2**53 (README, deliberate difference 14)
                    continue
                res = {"type": type(r).__name__, "repr": repr(r)}
            except (TypeError, ValueError) as e:
                res = {"error": str(e)}
            out.append({"type": t, "value": enc(v), "expected": res})
    return out


SPECS = [
    ({"a": {"type": "int", "default": 3}, "b": {"type": "str", "aliases": ["bb", "ab"]}}, {"bb": 5}),
    ({"a": {"type": "int", "required": True}, "c": {"type": "str", "choices": ["x", "y"]}}, {"c": "z", "d": 1, "e": 2}),
    ({"l": {"type": "list", "elements": "int"}}, {"l": "1,2,x"}),
    ({"l": {"type": "str", "elements": "int"}}, {"l": "12"}),
    ({"o": {"type": "dict", "options": {"p": {"type": "int", "required": True}, "q": {"type": "bool", "default": False}}}}, {"o": "p=4"}),
    ({"o": {"type": "dict", "apply_defaults": True, "options": {"p": {"type": "int", "default": 9}}}}, {}),
    ({"o": {"type": "list", "elements": "dict", "options": {"p": {"type": "int", "choices": [1, 2]}}}}, {"o": [{"p": "2"}, {"p": 3}, "p=1"]}),
    ({"m": {"type": "list", "choices": ["a", "b"]}}, {"m": ["a", "c", "d"]}),
    ({"s": {"type": "str", "choices": ["yes", "no"]}}, {"s": True}),
    ({"s": {"type": "str", "choices": ["on", "off", "yes"]}}, {"s": True}),
    ({"x": {"type": "int", "required": True, "default": 1}}, {}),
    ({"o": {"type": "dict", "mutually_exclusive": [["a", "b"], ["b", "c"]], "required_one_of": [["d", "e"]],
            "options": {"a": {}, "b": {}, "c": {}, "d": {}, "e": {}}}}, {"o": {"a": 1, "b": 2, "c": 3}}),
    ({"o": {"type": "dict", "required_by": {"a": "b"}, "required_if": [["a", 1, ["c"]]], "options": {"a": {"type": "int"}, "b": {}, "c": {}}}}, {"o": {"a": 1}}),
    ({"n": {"type": "dict", "options": {"m": {"type": "dict", "options": {"k": {"type": "int", "required": True}}}}}}, {"n": {"m": {"z": 1}}}),
    ({"v": {"type": "int"}}, {"v": None}),
    ({"v": {"type": "int", "required": True}}, {"v": None}),
]


def validator_cases():
    out = []
    for spec, params in SPECS:
        r = ArgumentSpecValidator(spec).validate(json.loads(json.dumps(params)))
        out.append({"spec": enc(spec), "params": enc(params), "errors": r.error_messages,
                    "validated": repr(r.validated_parameters)})
    return out


if __name__ == "__main__":
    os.environ["HOME"] = "/home/pgplay-test"
    data = {"check_types": check_types(), "validator": validator_cases()}
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "expected.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
