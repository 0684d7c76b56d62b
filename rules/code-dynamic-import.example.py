import importlib
import os
import subprocess

from flask import Flask, request
from langchain_core.tools import tool

import exporters

app = Flask(__name__)
PLUGINS = {"csv": "exporters.csv_exporter", "json": "exporters.json_exporter"}


@app.post("/export")
def export():
    fmt = request.form["format"]
    # expect: code-dynamic-import
    module = importlib.import_module(request.form["module"])
    # ok: code-dynamic-import
    exporter = importlib.import_module(PLUGINS.get(fmt, "exporters.csv_exporter"))
    # ok: code-dynamic-import
    builtin_json = __import__("json")
    return {"module": module.__name__, "exporter": exporter.__name__, "json": builtin_json.__name__}


@tool
def run_step(step: str, arg: str) -> str:
    """Run one maintenance step."""
    # expect: code-dynamic-import
    runner = getattr(subprocess, step)
    # expect: code-dynamic-import
    helper = __import__(step)
    # ok: code-dynamic-import
    listing = getattr(os, "listdir")
    # ok: code-dynamic-import
    label = getattr(arg, "upper", None)
    return str((runner, helper, listing, label))


def resize(path: str) -> str:
    return path


def rotate(path: str) -> str:
    return path


HANDLERS = {"resize": resize, "rotate": rotate}


@tool
def edit_image(operation: str, path: str) -> str:
    """Apply one operation to an image."""
    # expect: code-dynamic-import
    handler = globals()[operation]
    # expect: code-dynamic-import
    fallback = globals().get(f"op_{operation}", resize)
    # expect: code-dynamic-import
    exporter = vars(exporters)[operation]
    # ok: code-dynamic-import
    chosen = HANDLERS[operation] if operation in HANDLERS else resize
    # ok: code-dynamic-import
    default = globals()["resize"]
    return str((handler(path), fallback(path), exporter, chosen(path), default(path)))


@app.post("/settings")
def settings():
    options = request.get_json()
    # ok: code-dynamic-import
    value = vars(options)[request.args["key"]]
    # expect: code-dynamic-import
    render = locals()[request.args["view"]]
    return render(value)
