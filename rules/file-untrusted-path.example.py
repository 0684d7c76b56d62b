import os
from pathlib import Path
from langchain_core.tools import tool
from crewai.tools import BaseTool

ROOT = "/srv/agent/workspace"


@tool
def read_note(path: str) -> str:
    """Read a note the user asks for."""
    # expect: file-untrusted-path
    with open(path) as f:
        return f.read()


@tool
def read_note_safely(path: str) -> str:
    """Read a note, staying inside the workspace."""
    full = os.path.realpath(os.path.join(ROOT, path))
    if not full.startswith(ROOT + os.sep):
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    with open(full) as f:
        return f.read()


@tool
def delete_upload(name: str) -> str:
    """Delete an uploaded file by name."""
    # ok: file-untrusted-path
    os.remove(os.path.join(ROOT, os.path.basename(name)))
    # expect: file-untrusted-path
    os.remove(os.path.join(ROOT, name))
    return "deleted"


class WriteFileTool(BaseTool):
    name: str = "write_file"
    description: str = "Write text to a file"

    def _run(self, filename: str, content: str) -> str:
        # expect: file-untrusted-path
        with open(filename, "w") as f:
            f.write(content)
        return "ok"


def save(report_path, text):
    # ok: file-untrusted-path
    with open(report_path, "w") as f:
        f.write(text)


@tool
def read_page(name: str) -> str:
    """Read a page of the manual."""
    # expect: file-untrusted-path
    return (Path(ROOT) / name).read_text()


@tool
def read_page_safely(name: str) -> str:
    """Read a page of the manual, staying inside the workspace."""
    page = (Path(ROOT) / name).resolve()
    if not page.is_relative_to(ROOT):
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    return page.read_text()


@tool
def read_config(path: str) -> str:
    """Read a configuration file of the workspace."""
    full = os.path.realpath(os.path.join(ROOT, path))
    if os.path.commonpath([ROOT, full]) != ROOT:
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    with open(full) as f:
        return f.read()


@tool
def read_note(name: str) -> str:
    """Read a note of the workspace."""
    note = (Path(ROOT) / name).resolve()
    if Path(ROOT).resolve() not in note.parents:
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    return note.read_text()


@tool
def read_log(name: str) -> str:
    """Read a log of the workspace."""
    full = os.path.realpath(os.path.join(ROOT, name))
    if not full.startswith(ROOT + os.sep):
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    with open(full) as f:
        return f.read()
