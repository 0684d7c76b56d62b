import ast
from langchain_core.tools import tool
from langchain_experimental.utilities import PythonREPL

repl = PythonREPL()


@tool
def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression."""
    # expect: code-eval
    return str(eval(expression))


@tool
def python(code: str) -> str:
    """Run Python code."""
    # expect: code-eval
    return repl.run(code)


@tool
def parse_list(text: str) -> list:
    """Parse a Python literal list."""
    # ok: code-eval
    return ast.literal_eval(text)


# ok: code-eval
exec("import json")


def run_snippet(snippet):
    # expect: code-eval
    exec(compile(snippet, "<snippet>", "exec"))


def evaluate(expression):
    # the eval below runs what compile made: reported there, once
    # ok: code-eval
    compiled = compile(expression, "<expression>", "eval")
    # expect: code-eval
    return eval(compiled)
