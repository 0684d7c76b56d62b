import json
import os
import re
from pathlib import Path
from langchain_core.tools import tool
from crewai.tools import BaseTool
from django.http import HttpResponse
from django.urls import path as route
from langgraph.prebuilt import create_react_agent
from llama_index.core.tools import FunctionTool

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


@tool
def save_export(name: str, text: str) -> str:
    """Save an export under a name the user picks."""
    # letters, digits, `_` and `-` only: one file name inside the folder
    safe = re.sub(r"[^A-Za-z0-9_-]", "", name)
    # ok: file-untrusted-path
    Path(ROOT, f"export_{safe}.txt").write_text(text)
    # a class that keeps `.` and `/` can still climb out
    loose = re.sub(r"[^A-Za-z0-9_./-]", "", name)
    # expect: file-untrusted-path
    Path(ROOT, loose).write_text(text)
    # word characters, white space and `-`, trimmed: still one name
    tidy = re.sub(r"[^\w\s-]", "", name).strip()
    # ok: file-untrusted-path
    Path(ROOT, f"{tidy}.json").write_text(text)
    # `\W` keeps `/` and `.`
    # expect: file-untrusted-path
    Path(ROOT, re.sub(r"[^\w\W]", "", name)).write_text(text)
    return "saved"


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
def read_workspace_note(name: str) -> str:
    """Read a note of the workspace."""
    note = (Path(ROOT) / name).resolve()
    if Path(ROOT).resolve() not in note.parents:
        raise ValueError("outside the workspace")
    # ok: file-untrusted-path
    return note.read_text()


# Tools registered by reference: the function's parameters are tool parameters all the same.
def read_report(name: str) -> str:
    # expect: file-untrusted-path
    return Path(name).read_text()


def read_attachment(path: str) -> str:
    # expect: file-untrusted-path
    return open(path).read()


def dump_table(target: str, rows: str) -> None:
    # expect: file-untrusted-path
    Path(target).write_text(rows)


def load_template(template_path: str) -> str:
    # a plain helper nobody registers as a tool: its callers decide what it reads
    # ok: file-untrusted-path
    return Path(template_path).read_text()


reporter = create_react_agent("openai:gpt-4o", tools=[read_report])
attachments = FunctionTool.from_defaults(read_attachment)

# a table of functions the model's tool calls are dispatched through
TOOL_TABLE = {"dump_table": dump_table}


def run_tool_calls(client, messages):
    reply = client.chat.completions.create(model="gpt-4o", messages=messages)
    for call in reply.choices[0].message.tool_calls or []:
        TOOL_TABLE[call.function.name](**json.loads(call.function.arguments))


# A Django view routed in the URLconf: the request it takes is request input.
def download(request):
    # expect: file-untrusted-path
    return HttpResponse(open(request.GET["name"], "rb").read())


def render_report(request, template):
    # a helper that takes the request but is no view: its callers decide the template
    # ok: file-untrusted-path
    return HttpResponse(open(template).read())


urlpatterns = [route("download/", download)]
