-- ok: sql-destructive
CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT);

-- ok: sql-destructive
DELETE FROM notes WHERE id = 3;

-- expect: sql-destructive
DROP TABLE notes;

-- expect: sql-destructive
DELETE FROM notes;

-- ok: sql-destructive
SELECT * FROM notes WHERE body LIKE '%drop table%';

-- expect: sql-destructive
COPY notes TO PROGRAM 'gzip > /tmp/notes.gz';

-- expect: sql-destructive
DELETE FROM notes WHERE id IN (SELECT id FROM notes);
