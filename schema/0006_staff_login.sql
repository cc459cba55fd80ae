-- Mentorlink schema, version 6: staff sign in to the console.
--
-- login: the user name the municipality's identity provider gives
-- (the OIDC claim [oidc.staff] names, preferred_username by default).
-- Stored lower-cased (ASCII letters; store_staff.c folds before it stores
-- and before it looks up), so the match is case-insensitive and the
-- unique index is a plain one.  NULL: this person cannot sign in.
ALTER TABLE staff ADD COLUMN login TEXT
	CHECK (login IS NULL OR (length(login) BETWEEN 1 AND 200 AND
	login = lower(login)));
CREATE UNIQUE INDEX staff_login ON staff(login) WHERE login IS NOT NULL;

-- roles: a bit mask, a person can hold several.
--   1 mentor       citizens they are mentor for, requests routed to them
--   2 caseworker   citizens they are caseworker for, agreements
--   4 coordinator  all staff, all open requests, import, erasure
-- At least one role.  is_caseworker (0001) stays, equal to the caseworker
-- bit: store_staff_set_roles() sets both, and the triggers below carry a
-- change made the old way (staff add --caseworker, an import's
-- "caseworker": true) over to roles.
ALTER TABLE staff ADD COLUMN roles INTEGER NOT NULL DEFAULT 1
	CHECK (roles >= 1 AND roles <= 7);

-- Existing rows: caseworker when marked so or caseworker on an agreement;
-- mentor when mentor on an agreement or not a caseworker at all.
UPDATE staff SET roles = 2 WHERE is_caseworker = 1 OR EXISTS (SELECT 1
	FROM agreement a WHERE a.caseworker_id = staff.id);
UPDATE staff SET roles = roles | 1 WHERE EXISTS (SELECT 1 FROM agreement a
	WHERE a.mentor_id = staff.id);
UPDATE staff SET is_caseworker = 1 WHERE (roles & 2) <> 0;

-- A row inserted as caseworker holds the caseworker role: only that one
-- when no roles were given (the default, mentor), as the rows above.
CREATE TRIGGER staff_caseworker_insert AFTER INSERT ON staff
	WHEN NEW.is_caseworker = 1 AND (NEW.roles & 2) = 0
BEGIN
	UPDATE staff SET roles = CASE WHEN roles = 1 THEN 2 ELSE roles | 2 END
		WHERE id = NEW.id;
END;

-- is_caseworker changed: the caseworker bit follows; a person left with
-- no role is a mentor.
CREATE TRIGGER staff_caseworker_update AFTER UPDATE OF is_caseworker ON staff
	WHEN NEW.is_caseworker <> OLD.is_caseworker AND
	((NEW.roles & 2) <> 0) <> (NEW.is_caseworker = 1)
BEGIN
	UPDATE staff SET roles = CASE WHEN NEW.is_caseworker = 1
		THEN roles | 2 WHEN (roles & 5) = 0 THEN 1 ELSE roles & 5 END
		WHERE id = NEW.id;
END;

-- Erasure (GDPR art. 17, `mentorctl citizen erase`, the console): the
-- personal fields are wiped and the row stays, with its CPR hash, only
-- while audit rows about the citizen are kept (the citizen's right to
-- see who looked at their data); the retention purge then deletes it.
-- NULL: not erased.
ALTER TABLE citizen ADD COLUMN erased_at INTEGER;
