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


def run_migrations():
    # ok: subprocess-dynamic-command
    subprocess.run([sys.executable, "manage.py", "migrate"])
