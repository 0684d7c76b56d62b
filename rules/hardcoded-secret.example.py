import os
from openai import OpenAI

# expect: hardcoded-secret
client = OpenAI(api_key="sk-proj-4fG7hJ2kL9mN3pQ6rS8tU1vW5xY0zA2bC4dE6fG8hJ0kL2mN")

# ok: hardcoded-secret
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

# ok: hardcoded-secret
API_KEY_ENV = "OPENAI_API_KEY"

# expect: hardcoded-secret
DB_PASSWORD = "v9#Lq2!xR7zW@pK4"

# ok: hardcoded-secret
PASSWORD_PLACEHOLDER = "changeme"

# expect: hardcoded-secret
DATABASE_URL = "postgres://app:Zx8vQ2mL9pR4@db.internal:5432/app"

# ok: hardcoded-secret
EXAMPLE_URL = "postgres://app:${DB_PASSWORD}@db.internal:5432/app"

# ok: hardcoded-secret
FEEDBACK_PASSWORD = "FEEDBACK$PASSWORD"

# a sentinel the program writes and looks for, spelling its own name
# ok: hardcoded-secret
EXIT_FORFEIT_TOKEN = "###SWE-AGENT-EXIT-FORFEIT###"

# the same words around random text are still a credential
# expect: hardcoded-secret
EXIT_FORFEIT_TOKEN_2 = "exit-forfeit-Qx7vLmZ29pRt4WkA"

# ok: hardcoded-secret
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# expect: hardcoded-secret
LANGSMITH_API_KEY = "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"

# environment defaults: the fallback is the secret
# expect: hardcoded-secret
db_password = os.environ.get("DB_PASSWORD", "Xk29fjq3Lzq8Wd")
# expect: hardcoded-secret
os.environ.setdefault("API_TOKEN", "uLNKYFyRB5KheZ5brvLeiWBX")
# expect: hardcoded-secret
signing = os.getenv("SIGNING_SECRET", default="TLp7HgfgY37jxXqWxAwKoBuJc9iyErXt")
# ok: hardcoded-secret
region = os.environ.get("AWS_REGION", "eu-central-1")
# ok: hardcoded-secret
token = os.environ.get("API_TOKEN", "")

# key-value connection strings (libpq, ODBC)
# expect: hardcoded-secret
PG_DSN = "host=db.internal port=5432 dbname=app user=app password=Zx8vQ2mL9pR4"
# expect: hardcoded-secret
MSSQL = "Server=sql.internal;Database=app;User Id=svc;Password=q7Wz3xPk9Lm2;"
# ok: hardcoded-secret
PG_DSN_TEMPLATE = "host=db.internal dbname=app user=app password=%s"
# expect: hardcoded-secret
REDIS_URL = "redis://:Vb7nQ2xL9kPz@cache.internal:6379/0"
# expect: hardcoded-secret
MONGO_URL = "mongodb+srv://svc:Hq4zW8pLx2Nm@cluster0.abcde.mongodb.net/app"
# where to get a key, written without a scheme: an address, not a credential
# ok: hardcoded-secret
KEY_PAGES = {"MOONSHOT_API_KEY": "platform.moonshot.ai/console"}
# expect: hardcoded-secret
DB_PASS = "camel230509"
