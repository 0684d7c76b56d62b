import sqlite3
import psycopg2
from sqlalchemy import create_engine, text
from langchain_core.tools import tool

conn = sqlite3.connect("app.db")
cur = conn.cursor()

# expect: sql-destructive
cur.execute("DROP TABLE users")

# expect: sql-destructive
conn.execute("delete from sessions")

# ok: sql-destructive
cur.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))

# expect: sql-destructive
cur.execute("UPDATE accounts SET balance = 0 WHERE 1=1")

# ok: sql-destructive
cur.execute("UPDATE accounts SET balance = ? WHERE id = ?", (amount, account_id))

# ok: sql-destructive
cur.execute("INSERT INTO notes(body) VALUES ('please DROP TABLE x')")


def purge(table):
    query = "DELETE FROM " + table
    # expect: sql-destructive
    cur.execute(query)


@tool
def run_report(day: str) -> str:
    """Summarize one day of orders."""
    pg = psycopg2.connect("dbname=shop")
    with pg.cursor() as c:
        # ok: sql-destructive
        c.execute("SELECT count(*) FROM orders WHERE day = %s", (day,))
        # expect: sql-destructive
        c.execute("SELECT 1; DROP TABLE orders")
    return "done"


engine = create_engine("sqlite://")
with engine.connect() as db:
    # expect: sql-destructive
    db.execute(text("TRUNCATE TABLE audit_log"))
    # ok: sql-destructive
    db.execute(text("SELECT * FROM drop_log"))
