#!/bin/sh
set -eu
DB=app

# expect: sql-destructive
psql "$DATABASE_URL" -c "DROP TABLE sessions"
# expect: sql-destructive
mysql -u app "$DB" -e 'DELETE FROM orders'
# expect: sql-destructive
sqlite3 data/app.db "UPDATE users SET role = 'admin'"
# expect: sql-destructive
psql --command="TRUNCATE audit_log" "$DATABASE_URL"
# expect: sql-destructive
psql "$DATABASE_URL" <<SQL
DELETE FROM events WHERE 1=1;
SQL

# ok: sql-destructive
psql "$DATABASE_URL" -c "SELECT count(*) FROM sessions"
# ok: sql-destructive
mysql -u app "$DB" -e "DELETE FROM orders WHERE id = 42"
# ok: sql-destructive
sqlite3 data/app.db ".tables"
# ok: sql-destructive
psql "$DATABASE_URL" <<'SQL'
UPDATE users SET last_seen = now() WHERE id = 7;
SQL
