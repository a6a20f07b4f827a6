#!/usr/bin/env python3
"""Validates every shipped configuration against configs/trvp.schema.json.

usage: validate_configs.py SCHEMA CONFIGS_DIR

Every *.yaml under CONFIGS_DIR except sweeps/ (sweep files have their own format,
docs/sweeps.md) must validate; then a few broken configurations must NOT validate, so the
test fails if the schema stops checking anything. Exit 0 when both hold.
"""
import json
import pathlib
import sys

import jsonschema
import yaml


def errors(validator, doc):
    return sorted(e.message for e in validator.iter_errors(doc))


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    root = pathlib.Path(sys.argv[2])
    failed = 0
    checked = 0
    for path in sorted(root.rglob("*.yaml")):
        if "sweeps" in path.relative_to(root).parts:
            continue
        checked += 1
        found = errors(validator, yaml.safe_load(path.read_text()))
        for message in found:
            print(f"{path}: {message}")
        failed += bool(found)
    # Broken configurations the schema must refuse (each one rule).
    broken = {
        "misspelled parameter": {"components": {"dram": {"type": "dram", "latncy": "50 ns"}}},
        "unknown section": {"simulaton": {}},
        "unknown type": {"components": {"x": {"type": "nonesuch"}}},
        "bad size": {"components": {"dram": {"type": "dram", "size": "lots"}}},
        "bad choice": {"components": {"dram": {"type": "dram", "timing": "slow"}}},
        "integer out of range": {"components": {"c": {"type": "cache", "ways": 0}}},
        "bad time": {"simulation": {"quantum": "10 parsecs"}},
        "bad connection": {"connections": ["cpu.data => bus.in"]},
        "list item missing a required key": {
            "components": {"bus": {"type": "router", "map": [{"port": "dram"}]}}},
    }
    for name, doc in broken.items():
        if not errors(validator, doc):
            print(f"the schema accepts a configuration with a {name}: {doc}")
            failed += 1
    print(f"{checked + len(broken) - failed} passed, {failed} failed")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
