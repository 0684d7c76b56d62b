import os
import shlex
import subprocess
from langchain_core.tools import tool

# expect: subprocess-shell
os.system("clear")

# ok: subprocess-shell
subprocess.run(["git", "status"], check=True)


@tool
def run_command(command: str) -> str:
    """Run a shell command for the user."""
    # expect: subprocess-shell
    return subprocess.check_output(command, shell=True, text=True)


@tool
def grep_logs(pattern: str) -> str:
    """Search the logs."""
    # expect: subprocess-shell
    out = subprocess.run(f"grep {shlex.quote(pattern)} /var/log/app.log", shell=True, capture_output=True)
    # ok: subprocess-shell
    out = subprocess.run(["grep", "--", pattern, "/var/log/app.log"], capture_output=True)
    return out.stdout.decode()


def archive(name):
    # expect: subprocess-shell
    subprocess.Popen(["bash", "-c", "tar czf /backups/" + name + ".tgz data"])
