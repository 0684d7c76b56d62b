import asyncio
import os
import shutil
import subprocess
import sys
from agents import function_tool


@function_tool
def run_tool(program: str, target: str) -> str:
    # expect: subprocess-dynamic-command
    subprocess.run([program, "--version"])
    # expect: subprocess-dynamic-command
    subprocess.run(["git", "clone", target])
    # ok: subprocess-dynamic-command
    subprocess.run(["git", "status"])
    # ok: subprocess-dynamic-command
    subprocess.run(["grep", "-r", "--", target, "docs"])
    return "ok"


def build(flags):
    # ok: subprocess-dynamic-command
    subprocess.run(["make", flags])


def install_into(venv_dir, packages, tool_name):
    # pip of a virtual environment: a constant program in a directory the program chose
    # ok: subprocess-dynamic-command
    subprocess.run([os.path.join(venv_dir, "bin", "pip"), "install", *packages])
    # expect: subprocess-dynamic-command
    subprocess.run([os.path.join(venv_dir, tool_name), "--version"])


def _launch(command_line):
    # every caller starts the line with a constant program: python
    # ok: subprocess-dynamic-command
    return subprocess.Popen(command_line.split())


def start_server(model):
    return _launch(f"python -m inference.server --model-path {model}")


def _launch_any(command_line):
    # a caller starts the line with a value: the program is whatever it names
    # expect: subprocess-dynamic-command
    return subprocess.Popen(command_line.split())


def start_with(launcher, model):
    return _launch_any(f"{launcher} --model-path {model}")


def run_migrations():
    # ok: subprocess-dynamic-command
    subprocess.run([sys.executable, "manage.py", "migrate"])


def install(packages):
    uv = shutil.which("uv")
    # ok: subprocess-dynamic-command
    subprocess.run([uv, "pip", "install", *packages])


LINTERS = {"lint": ["ruff", "check"], "format": ["ruff", "format"]}


@function_tool
def lint(task: str) -> str:
    # ok: subprocess-dynamic-command
    return subprocess.run(LINTERS[task] + ["."], capture_output=True).stdout


def enabled_programs():
    return {"git", "ls"}


@function_tool
def run_enabled(program: str) -> str:
    allowed = enabled_programs()
    if program not in allowed:
        raise ValueError("not enabled")
    # ok: subprocess-dynamic-command
    return subprocess.run([program]).stdout


async def show(ref):
    # ok: subprocess-dynamic-command
    return await asyncio.create_subprocess_exec("git", "show", "--", ref)


def uv_version():
    # found on PATH, else where its installer puts it: uv either way
    uv = shutil.which("uv") or os.path.join(os.path.expanduser("~"), ".cargo", "bin", "uv")
    # ok: subprocess-dynamic-command
    return subprocess.run([uv, "--version"])


def tool_version(bin_dir, tool_name):
    # else a file name the caller chooses
    exe = shutil.which("uv") or os.path.join(bin_dir, tool_name)
    # expect: subprocess-dynamic-command
    return subprocess.run([exe, "--version"])


def install_tool():
    # one of several lookups of the file: each remembers the name it looked up
    harness = shutil.which("browser-harness")
    uv = shutil.which("uv")
    if not uv:
        raise RuntimeError("install uv first")
    # ok: subprocess-dynamic-command
    subprocess.run([uv, "tool", "install", "browser-use"])
    return harness
