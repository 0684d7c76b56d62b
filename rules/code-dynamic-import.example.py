import importlib
import os
import subprocess

from flask import Flask, request
from langchain_core.tools import tool

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
