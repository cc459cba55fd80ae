-- Mentorlink schema, version 5: languages are data.
--
-- The languages a citizen can read (and complaint guidance can be
-- written in) were a CHECK (language = 'da' OR language = 'en') on two
-- tables.  Now they are the rows of the table language, which every
-- program that opens the database for writing fills from its own table
-- (shared/lang.c) at start: adding a language to the program adds it
-- here, with no migration.  A row is never deleted while it is used.
--
-- Why a reference table and triggers, not a rebuilt CHECK: a CHECK
-- listing the languages would need a new migration (and a rebuild of
-- citizen, which four tables reference) for every language added.  A
-- CHECK cannot look into another table, and a new FOREIGN KEY on an
-- existing column needs the table rebuilt; the two triggers below check
-- the same thing with none of that.  Removing a CHECK is the stored-
-- schema edit SQLite documents as safe (ALTER TABLE, "making other kinds
-- of table schema changes"; 0004 did the same): rows, indexes, triggers
-- and foreign keys stay exactly as they are.

CREATE TABLE language (
	code	TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[a-z][a-z]'),
	name	TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
	rtl	INTEGER NOT NULL DEFAULT 0 CHECK (rtl = 0 OR rtl = 1)
) WITHOUT ROWID;

-- The two every database already uses; the programs add the others.
INSERT INTO language (code, name, rtl) VALUES ('da', 'Dansk', 0), ('en', 'English', 0);

PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	' CHECK (language = ''da'' OR language = ''en'')', '')
	WHERE type = 'table' AND name = 'citizen';
UPDATE sqlite_schema SET sql = replace(sql,
	' CHECK (language IN (''da'', ''en''))', '')
	WHERE type = 'table' AND name = 'complaint_guidance';
PRAGMA writable_schema = RESET;

CREATE TRIGGER citizen_language_insert BEFORE INSERT ON citizen
	WHEN NOT EXISTS (SELECT 1 FROM language WHERE code = NEW.language)
	BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: unknown language'); END;
CREATE TRIGGER citizen_language_update BEFORE UPDATE OF language ON citizen
	WHEN NOT EXISTS (SELECT 1 FROM language WHERE code = NEW.language)
	BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: unknown language'); END;
CREATE TRIGGER guidance_language_insert BEFORE INSERT ON complaint_guidance
	WHEN NOT EXISTS (SELECT 1 FROM language WHERE code = NEW.language)
	BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: unknown language'); END;
CREATE TRIGGER guidance_language_update BEFORE UPDATE OF language ON complaint_guidance
	WHEN NOT EXISTS (SELECT 1 FROM language WHERE code = NEW.language)
	BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: unknown language'); END;

-- A language in use cannot go.
CREATE TRIGGER language_delete BEFORE DELETE ON language
	WHEN EXISTS (SELECT 1 FROM citizen WHERE language = OLD.code)
	  OR EXISTS (SELECT 1 FROM complaint_guidance WHERE language = OLD.code)
	BEGIN SELECT RAISE(ABORT, 'language in use'); END;
