-- Mentorlink schema, version 3: what a reply means, and replies withheld
-- from strangers.
--
-- sms_inbox.outcome gains:
--   acknowledgement	a short "ok"/"tak" after an SMS that asked for no
--			answer: kept for the journal, answered by nothing
--   withheld_premium	a stranger on a premium-rate or satellite range
--   withheld_country	a stranger in a country not in reply_countries
--   withheld_budget	the hour's replies to strangers were spent
-- SQLite cannot change a CHECK constraint: the table is rebuilt, rows and
-- ids kept.  Nothing references sms_inbox.
CREATE TABLE sms_inbox_v2 (
	id		INTEGER PRIMARY KEY,
	provider	TEXT NOT NULL,
	provider_id	TEXT NOT NULL,
	sender		TEXT NOT NULL,			-- E.164, or an alphanumeric sender as given
	receiver	TEXT,
	body		TEXT NOT NULL,			-- blanked by retention
	received_at	INTEGER NOT NULL,
	processed_at	INTEGER,
	-- An OR chain, not IN (...): SQLite builds a temporary table for an IN
	-- list each time the CHECK runs.
	outcome		TEXT CHECK (outcome IS NULL OR
				outcome = 'contact_opened' OR
				outcome = 'contact_repeat' OR
				outcome = 'stop' OR
				outcome = 'start' OR
				outcome = 'help' OR
				outcome = 'staff_ack' OR
				outcome = 'staff_help' OR
				outcome = 'unknown_replied' OR
				outcome = 'unknown_ignored' OR
				outcome = 'ignored_loop' OR
				outcome = 'ignored_alpha' OR
				outcome = 'error' OR
				outcome = 'acknowledgement' OR
				outcome = 'withheld_premium' OR
				outcome = 'withheld_country' OR
				outcome = 'withheld_budget'),
	citizen_id	INTEGER REFERENCES citizen(id),
	staff_id	INTEGER REFERENCES staff(id),
	contact_id	INTEGER REFERENCES contact_request(id),
	body_purged_at	INTEGER,
	exported_at	INTEGER,
	UNIQUE (provider, provider_id)
);
INSERT INTO sms_inbox_v2 (id, provider, provider_id, sender, receiver, body,
	received_at, processed_at, outcome, citizen_id, staff_id, contact_id,
	body_purged_at, exported_at)
	SELECT id, provider, provider_id, sender, receiver, body, received_at,
	processed_at, outcome, citizen_id, staff_id, contact_id, body_purged_at,
	exported_at FROM sms_inbox;
DROP TABLE sms_inbox;
ALTER TABLE sms_inbox_v2 RENAME TO sms_inbox;
CREATE INDEX inbox_unprocessed ON sms_inbox(received_at) WHERE processed_at IS NULL;
CREATE INDEX inbox_sender ON sms_inbox(sender, received_at);

-- The latest SMS to a number, among the last days' (what a citizen's reply
-- answers).  By time, not by recipient: rows come in time order, so this
-- index only grows at its end and costs the scheduler's bulk inserts
-- little, where one by recipient doubled a 10,000-reminder tick.
CREATE INDEX outbox_created ON sms_outbox(created_at);

-- Replies to strangers in the last hour, all senders together.
CREATE INDEX reply_log_kind ON sms_reply_log(kind, at);
