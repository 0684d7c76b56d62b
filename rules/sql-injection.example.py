import re
import sqlite3

import anthropic
from agents import function_tool
from django.db.models import RawSQL
from langchain_community.utilities import SQLDatabase
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from mcp.server.fastmcp import FastMCP
from openai import OpenAI
from sqlalchemy import create_engine, text

from .models import Article

mcp = FastMCP("orders")
conn = sqlite3.connect("shop.db")
client = OpenAI()


@mcp.tool()
def find_orders(customer: str) -> list:
    """Find the orders of a customer."""
    cur = conn.cursor()
    # expect: sql-injection
    cur.execute(f"SELECT * FROM orders WHERE customer = '{customer}'")
    # ok: sql-injection
    cur.execute("SELECT * FROM orders WHERE customer = ?", (customer,))
    return cur.fetchall()


@function_tool
def count_rows(table: str) -> int:
    # expect: sql-injection
    row = conn.execute("SELECT count(*) FROM %s" % table).fetchone()
    return row[0]


def lookup(name):
    # expect: sql-injection
    return conn.execute("SELECT id FROM users WHERE name = '" + name + "'").fetchone()


def answer(question: str):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    generated = completion.choices[0].message.content
    # expect: sql-injection
    return conn.execute(generated).fetchall()


def page(limit):
    # ok: sql-injection
    conn.execute("SELECT * FROM orders LIMIT %d" % int(limit))
    # ok: sql-injection
    conn.execute("SELECT * FROM orders ORDER BY created_at")


ALLOWED_TABLES = {"orders", "customers"}


@function_tool
def count_rows_safely(table: str) -> int:
    if table not in ALLOWED_TABLES:
        raise ValueError("unknown table")
    # ok: sql-injection
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return row[0]


def quote_identifier(name: str) -> str:
    escaped = name.replace('"', '""')
    return f'"{escaped}"'


@function_tool
def count_rows_quoted(table: str) -> int:
    # the project's own identifier quoting, judged by its name as a driver's is
    # ok: sql-injection
    row = conn.execute(f"SELECT count(*) FROM {quote_identifier(table)}").fetchone()
    # expect: sql-injection
    raw = conn.execute(f"SELECT count(*) FROM {table} WHERE {quote_identifier(table)} > 0").fetchone()
    return row[0] + raw[0]


def _table_version(table):
    # a private helper every call of which passes a constant: the SQL is the program's own text
    # ok: sql-injection
    return conn.execute(f"SELECT max(v) FROM {table}").fetchone()


_table_version("orders_migrations")
_table_version(table="users_migrations")


# Model output into actions: chains that write SQL, and tool_use blocks.
llm = ChatOpenAI(model="gpt-4o")
warehouse = SQLDatabase.from_uri("sqlite:///warehouse.db")
claude = anthropic.Anthropic()


def text_to_sql(question: str):
    chain = ChatPromptTemplate.from_template("Write one SQLite query answering: {q}") | llm | StrOutputParser()
    generated = chain.invoke({"q": question})
    # expect: sql-injection
    return warehouse.run(generated)


def run_tool_uses(messages):
    reply = claude.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
    for block in reply.content:
        if block.type == "tool_use" and block.name == "query":
            # expect: sql-injection
            conn.execute(block.input["sql"])
            # ok: sql-injection
            conn.execute("SELECT * FROM orders WHERE id = ?", (block.input["order_id"],))


def ranked(users, term: str):
    # expect: sql-injection
    users.annotate(rank=RawSQL(f"SELECT count(*) FROM posts WHERE title LIKE '%{term}%'", []))
    # ok: sql-injection
    return users.annotate(rank=RawSQL("SELECT count(*) FROM posts WHERE title LIKE %s", [f"%{term}%"]))


engine = create_engine("sqlite:///blog.db")


@function_tool
def search_articles(author: str, order: str) -> str:
    """Search articles by author."""
    # expect: sql-injection
    picked = Article.objects.filter(published=True).extra(where=[f"author = '{author}'"])
    # ok: sql-injection
    recent = Article.objects.extra(select={"is_recent": "created > now() - interval '7 days'"}, where=["author = %s"], params=[author])
    # expect: sql-injection
    ordered = Article.objects.extra(select={"rank": f"length({order})"})
    with engine.connect() as conn:
        # expect: sql-injection
        rows = conn.execute(text(f"SELECT id FROM articles WHERE author = '{author}'")).fetchall()
        # ok: sql-injection
        same = conn.execute(text("SELECT id FROM articles WHERE author = :author"), {"author": author}).fetchall()
    return str((list(picked), list(recent), list(ordered), rows, same))



_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def _validate_identifier(name):
    if not _SAFE_NAME.match(name):
        raise ValueError(f"invalid identifier {name!r}")
    return name


class Collections:
    def __init__(self, conn):
        self.conn = conn

    def create(self, name):
        table = _validate_identifier(name)
        # ok: sql-injection
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS `{table}` (id TEXT PRIMARY KEY)")
        # expect: sql-injection
        self.conn.execute(f"SELECT id FROM {name} WHERE id = 1")
