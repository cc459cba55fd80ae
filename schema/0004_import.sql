-- Mentorlink schema, version 4: imports that are fast and that do not
-- text people about the past.

-- An agreement that was already active when an import brought it became
-- active in the past: it gets no "you now have a contact person" text.
ALTER TABLE agreement ADD COLUMN imported_active INTEGER NOT NULL DEFAULT 0
	CHECK (imported_active = 0 OR imported_active = 1);

-- A meeting that came from an import: the citizen is not taken to know
-- it until Mentorlink has texted them about it, so a change to it before
-- that gets no "moved" or "cancelled" text (the reminder has the time).
ALTER TABLE meeting ADD COLUMN imported INTEGER NOT NULL DEFAULT 0
	CHECK (imported = 0 OR imported = 1);

-- The day the database was created is the default of [reminders]
-- notify_since.  A new database gets it from the program that creates it
-- (its clock); an older one is as old as its oldest row.
INSERT OR IGNORE INTO setting (name, value)
	SELECT 'database.created_at', CAST(t AS TEXT) FROM (SELECT min(t) AS t
	FROM (SELECT min(created_at) AS t FROM staff
	UNION ALL SELECT min(created_at) FROM citizen
	UNION ALL SELECT min(created_at) FROM agreement
	UNION ALL SELECT min(created_at) FROM meeting
	UNION ALL SELECT min(at) FROM audit)) WHERE t IS NOT NULL;

-- CHECK (x IN (...)) makes SQLite 3.40 build a temporary table on every
-- INSERT and UPDATE of the row (see sms_outbox in 0001): the same rules
-- as OR chains make an import of many records about twice as fast.  The
-- rules are unchanged, so this is the edit of the stored CREATE TABLE
-- text that SQLite documents for such changes (ALTER TABLE, "making other
-- kinds of table schema changes"); RESET reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (is_caseworker IN (0, 1))',
	'CHECK (is_caseworker = 0 OR is_caseworker = 1)')
	WHERE type = 'table' AND name = 'staff';
UPDATE sqlite_schema SET sql = replace(replace(sql,
	'CHECK (language IN (''da'', ''en''))',
	'CHECK (language = ''da'' OR language = ''en'')'),
	'CHECK (reminders_on IN (0, 1))',
	'CHECK (reminders_on = 0 OR reminders_on = 1)')
	WHERE type = 'table' AND name = 'citizen';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
	'CHECK (hours_per IS NULL OR hours_per IN (''week'', ''total''))',
	'CHECK (hours_per IS NULL OR hours_per = ''week'' OR hours_per = ''total'')'),
	'CHECK (after_discharge IN (0, 1))',
	'CHECK (after_discharge = 0 OR after_discharge = 1)'),
	'CHECK (status IN (''draft'', ''active'', ''ended''))',
	'CHECK (status = ''draft'' OR status = ''active'' OR status = ''ended'')')
	WHERE type = 'table' AND name = 'agreement';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
	'CHECK (place_in_sms IN (0, 1))',
	'CHECK (place_in_sms = 0 OR place_in_sms = 1)'),
	'CHECK (kind IN (''mentor'', ''caseworker'', ''other''))',
	'CHECK (kind = ''mentor'' OR kind = ''caseworker'' OR kind = ''other'')'),
	'CHECK (status IN (''planned'', ''moved'', ''cancelled''))',
	'CHECK (status = ''planned'' OR status = ''moved'' OR status = ''cancelled'')')
	WHERE type = 'table' AND name = 'meeting';
PRAGMA writable_schema = RESET;
