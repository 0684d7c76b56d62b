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
