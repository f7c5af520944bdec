"""`python -m cog.command.openapi_schema [--run REF] [--train REF]`: print the model's OpenAPI
document on stdout, as the original's command of the same name did.

References come from the flags, else from `COG_PREDICT_TYPE_STUB` / `COG_TRAIN_TYPE_STUB` (baked
into every image), else from the top-level `run:`/`predict:`/`train:` keys of `./cog.yaml`
(read with a line scanner: the SDK has no YAML dependency). With both a predictor and a trainer
the two documents are merged as `cog build` does. Exit 1 with one `ERROR:` line on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Dict, List, Optional

from .._predictor import load_predictor, merge_documents

_TOP_LEVEL_KEY = re.compile(r"""^(run|predict|train):\s*(?:"([^"]*)"|'([^']*)'|([^\s#]+))\s*(?:#.*)?$""")


def refs_from_cog_yaml(path: str = "cog.yaml") -> Dict[str, str]:
    if not os.path.isfile(path):
        return {}
    refs: Dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = _TOP_LEVEL_KEY.match(line.rstrip("\n"))
            if match:
                refs[match.group(1)] = next(g for g in match.groups()[1:] if g is not None)
    return refs


def resolve_refs(run: Optional[str], train: Optional[str]) -> Dict[str, Optional[str]]:
    from_yaml = refs_from_cog_yaml()
    return {
        "predict": run or os.environ.get("COG_PREDICT_TYPE_STUB") or from_yaml.get("run") or from_yaml.get("predict"),
        "train": train or os.environ.get("COG_TRAIN_TYPE_STUB") or from_yaml.get("train"),
    }


def build_schema(predict_ref: Optional[str], train_ref: Optional[str]) -> dict:
    if not predict_ref and not train_ref:
        raise ValueError("no predict or train reference found (set run: in cog.yaml or COG_PREDICT_TYPE_STUB)")
    predict = load_predictor(predict_ref, "predict").schema if predict_ref else None
    train = load_predictor(train_ref, "train").schema if train_ref else None
    if predict is not None and train is not None:
        return merge_documents(predict, train)
    return predict if predict is not None else train  # type: ignore[return-value]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cog.command.openapi_schema")
    parser.add_argument("--run", help='predictor reference, e.g. "run.py:Runner"')
    parser.add_argument("--train", help='trainer reference, e.g. "train.py:train"')
    args = parser.parse_args(argv)
    refs = resolve_refs(args.run, args.train)
    try:
        schema = build_schema(refs["predict"], refs["train"])
    except Exception as exc:  # noqa: BLE001 - one line for the user; details with the traceback
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(schema, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
