-- Mentorlink schema, version 7: desk-assisted sign-in at the kiosk.

-- A fourth role, desk (bit 8): front-desk staff who may give a citizen a
-- one-time kiosk code (the console's "Hjælp en borger med at logge ind
-- på kiosken").  0006 allowed the masks 1..7; the wider range is the
-- edit of the stored CREATE TABLE text that 0004 made for its CHECK
-- rules (every stored row keeps meeting it); RESET reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (roles >= 1 AND roles <= 7)',
	'CHECK (roles >= 1 AND roles <= 15)')
	WHERE type = 'table' AND name = 'staff';
PRAGMA writable_schema = RESET;

-- is_caseworker changed: the caseworker bit follows, and every other bit
-- (now desk too) stays; a person left with no role is a mentor.
DROP TRIGGER staff_caseworker_update;
CREATE TRIGGER staff_caseworker_update AFTER UPDATE OF is_caseworker ON staff
	WHEN NEW.is_caseworker <> OLD.is_caseworker AND
	((NEW.roles & 2) <> 0) <> (NEW.is_caseworker = 1)
BEGIN
	UPDATE staff SET roles = CASE WHEN NEW.is_caseworker = 1
		THEN roles | 2 WHEN (roles & 13) = 0 THEN 1 ELSE roles & 13 END
		WHERE id = NEW.id;
END;

-- A one-time kiosk code a staff member made at the desk for a citizen.
-- code_hash: HMAC-SHA256 of the 6 digits under the CPR key, hex; NULL
-- once the code is used or voided (a newer code for the same citizen).
-- kiosk_id: the [kiosk] id the code works on; NULL: any kiosk.
CREATE TABLE desk_code (
	id		INTEGER PRIMARY KEY,
	citizen_id	INTEGER NOT NULL REFERENCES citizen(id) ON DELETE CASCADE,
	staff_id	INTEGER NOT NULL REFERENCES staff(id),
	code_hash	TEXT CHECK (code_hash IS NULL OR length(code_hash) = 64),
	kiosk_id	TEXT CHECK (kiosk_id IS NULL OR
				length(kiosk_id) BETWEEN 1 AND 63),
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER,
	used_kiosk	TEXT,
	voided_at	INTEGER
);
CREATE INDEX desk_code_hash ON desk_code(code_hash)
	WHERE code_hash IS NOT NULL;
CREATE INDEX desk_code_citizen ON desk_code(citizen_id);

-- A wrong desk code typed at a kiosk: the brute-force limits count these
-- per kiosk and for all kiosks together.  No code, no citizen.
CREATE TABLE desk_try (
	kiosk_id	TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX desk_try_kiosk ON desk_try(kiosk_id, at);
CREATE INDEX desk_try_at ON desk_try(at);
