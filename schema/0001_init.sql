-- Mentorlink schema, version 1.
-- Instants are INTEGER seconds since the epoch, UTC, in columns named *_at
-- (or starts_at/ends_at).  Dates a person chose (agreement period) are
-- ISO-8601 'YYYY-MM-DD' text, meant in Europe/Copenhagen.
-- Phone numbers are E.164 text ('+4520123456').

-- Key/value settings and leases (one daemon sends at a time).
CREATE TABLE setting (
	name		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
);

CREATE TABLE lease (
	name		TEXT PRIMARY KEY,		-- e.g. 'sender'
	holder		TEXT NOT NULL,			-- host:pid:random
	expires_at	INTEGER NOT NULL
);

CREATE TABLE staff (
	id		INTEGER PRIMARY KEY,
	external_id	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	mobile		TEXT CHECK (mobile IS NULL OR mobile GLOB '+[1-9]*'),
	email		TEXT,
	organisation	TEXT,
	reachable	TEXT,				-- "Mandag-torsdag 9-15"
	is_caseworker	INTEGER NOT NULL DEFAULT 0 CHECK (is_caseworker IN (0, 1)),
	away_from	TEXT CHECK (away_from IS NULL OR away_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	away_until	TEXT CHECK (away_until IS NULL OR away_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	deputy_id	INTEGER REFERENCES staff(id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (deputy_id IS NULL OR deputy_id <> id),
	CHECK (away_until IS NULL OR away_from IS NULL OR away_from <= away_until)
);
CREATE INDEX staff_mobile ON staff(mobile);

CREATE TABLE citizen (
	id		INTEGER PRIMARY KEY,
	external_id	TEXT NOT NULL UNIQUE,
	cpr_hash	TEXT NOT NULL UNIQUE CHECK (length(cpr_hash) = 64),
	given_name	TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
	mobile		TEXT CHECK (mobile IS NULL OR mobile GLOB '+[1-9]*'),
	language	TEXT NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
	reminders_on	INTEGER NOT NULL DEFAULT 1 CHECK (reminders_on IN (0, 1)),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX citizen_mobile ON citizen(mobile);

CREATE TABLE complaint_guidance (
	id		INTEGER PRIMARY KEY,
	key		TEXT NOT NULL,			-- 'default'
	language	TEXT NOT NULL CHECK (language IN ('da', 'en')),
	title		TEXT NOT NULL,
	appeal		TEXT NOT NULL,			-- appeal of a decision
	dissatisfaction	TEXT NOT NULL,			-- about the mentor or the service
	help		TEXT NOT NULL,			-- where to get help
	updated_at	INTEGER NOT NULL,
	UNIQUE (key, language)
);

CREATE TABLE agreement (
	id		INTEGER PRIMARY KEY,
	external_id	TEXT NOT NULL UNIQUE,
	citizen_id	INTEGER NOT NULL REFERENCES citizen(id),
	mentor_id	INTEGER REFERENCES staff(id),
	caseworker_id	INTEGER REFERENCES staff(id),
	goal		TEXT,
	starts_on	TEXT CHECK (starts_on IS NULL OR starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	ends_on		TEXT CHECK (ends_on IS NULL OR ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	hours_amount	REAL CHECK (hours_amount IS NULL OR (hours_amount > 0 AND hours_amount <= 1000)),
	hours_per	TEXT CHECK (hours_per IS NULL OR hours_per IN ('week', 'total')),
	guidance_key	TEXT,				-- complaint_guidance.key
	legal_basis	TEXT,
	after_discharge	INTEGER NOT NULL DEFAULT 0 CHECK (after_discharge IN (0, 1)),
	extends_id	INTEGER REFERENCES agreement(id),
	status		TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'ended')),
	activated_at	INTEGER,			-- set when it became active
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on),
	CHECK ((hours_amount IS NULL) = (hours_per IS NULL))
);
CREATE INDEX agreement_citizen ON agreement(citizen_id, status);
CREATE INDEX agreement_mentor ON agreement(mentor_id);
CREATE INDEX agreement_ends ON agreement(status, ends_on);

CREATE TABLE agreement_task (
	agreement_id	INTEGER NOT NULL REFERENCES agreement(id) ON DELETE CASCADE,
	position	INTEGER NOT NULL CHECK (position >= 1),
	text		TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
	PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

CREATE TABLE meeting (
	id		INTEGER PRIMARY KEY,
	external_id	TEXT NOT NULL UNIQUE,
	agreement_id	INTEGER NOT NULL REFERENCES agreement(id),
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL,
	place		TEXT,
	place_in_sms	INTEGER NOT NULL DEFAULT 0 CHECK (place_in_sms IN (0, 1)),
	kind		TEXT NOT NULL DEFAULT 'mentor' CHECK (kind IN ('mentor', 'caseworker', 'other')),
	status		TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'moved', 'cancelled')),
	version		INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	notified_version INTEGER NOT NULL DEFAULT 1,	-- last version citizens were told about
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX meeting_upcoming ON meeting(status, starts_at);
CREATE INDEX meeting_agreement ON meeting(agreement_id, starts_at);
CREATE INDEX meeting_changed ON meeting(notified_version, version) WHERE notified_version <> version;

-- The hot table's enum CHECKs are written as OR chains: SQLite 3.40 builds
-- a temporary table for an IN list on every INSERT and UPDATE.
CREATE TABLE sms_outbox (
	id		INTEGER PRIMARY KEY,		-- our reference to the provider
	recipient	TEXT NOT NULL CHECK (recipient GLOB '+[1-9]*'),
	body		TEXT NOT NULL,			-- blanked by retention
	purpose		TEXT NOT NULL CHECK (purpose = 'login_code' OR purpose = 'contact' OR
				purpose = 'receipt' OR purpose = 'reminder' OR purpose = 'meeting_moved' OR
				purpose = 'meeting_cancelled' OR purpose = 'agreement_active' OR
				purpose = 'agreement_ending' OR purpose = 'keyword_reply' OR
				purpose = 'escalation' OR purpose = 'unknown_reply' OR purpose = 'staff' OR
				purpose = 'notice'),
	priority	INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 9),	-- 0 first
	dedupe_key	TEXT UNIQUE,
	status		TEXT NOT NULL DEFAULT 'queued' CHECK (status = 'queued' OR
				status = 'sending' OR status = 'sent' OR status = 'delivered' OR
				status = 'failed' OR status = 'expired'),
	attempts	INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at	INTEGER NOT NULL,
	send_by		INTEGER NOT NULL,
	provider	TEXT,
	provider_id	TEXT,
	last_error	TEXT,
	segments	INTEGER NOT NULL CHECK (segments >= 1),
	encoding	TEXT NOT NULL CHECK (encoding IN ('GSM-7', 'UCS-2')),
	citizen_id	INTEGER REFERENCES citizen(id),
	staff_id	INTEGER REFERENCES staff(id),
	meeting_id	INTEGER REFERENCES meeting(id),
	contact_id	INTEGER REFERENCES contact_request(id),
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	final_at	INTEGER,
	body_purged_at	INTEGER,
	exported_at	INTEGER
);
CREATE INDEX outbox_due ON sms_outbox(priority, next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_status ON sms_outbox(status);
CREATE INDEX outbox_provider_id ON sms_outbox(provider, provider_id)
	WHERE provider_id IS NOT NULL;
CREATE INDEX outbox_failed ON sms_outbox(recipient, final_at) WHERE status = 'failed';
CREATE INDEX outbox_meeting ON sms_outbox(meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE sms_inbox (
	id		INTEGER PRIMARY KEY,
	provider	TEXT NOT NULL,
	provider_id	TEXT NOT NULL,
	sender		TEXT NOT NULL,			-- E.164, or an alphanumeric sender as given
	receiver	TEXT,
	body		TEXT NOT NULL,			-- blanked by retention
	received_at	INTEGER NOT NULL,
	processed_at	INTEGER,
	outcome		TEXT CHECK (outcome IS NULL OR outcome IN ('contact_opened', 'contact_repeat',
				'stop', 'start', 'help', 'staff_ack', 'staff_help', 'unknown_replied',
				'unknown_ignored', 'ignored_loop', 'ignored_alpha', 'error')),
	citizen_id	INTEGER REFERENCES citizen(id),
	staff_id	INTEGER REFERENCES staff(id),
	contact_id	INTEGER REFERENCES contact_request(id),
	body_purged_at	INTEGER,
	exported_at	INTEGER,
	UNIQUE (provider, provider_id)
);
CREATE INDEX inbox_unprocessed ON sms_inbox(received_at) WHERE processed_at IS NULL;
CREATE INDEX inbox_sender ON sms_inbox(sender, received_at);

-- Delivery reports, kept even when the reference is not (yet) known.
CREATE TABLE sms_report (
	id		INTEGER PRIMARY KEY,
	provider	TEXT NOT NULL,
	event_id	TEXT NOT NULL,			-- provider id + status, for idempotency
	provider_id	TEXT,
	reference	INTEGER,			-- our sms_outbox.id, when given
	status		TEXT NOT NULL,			-- provider's own word
	error		TEXT,
	received_at	INTEGER NOT NULL,
	matched_at	INTEGER,
	UNIQUE (provider, event_id)
);
CREATE INDEX report_unmatched ON sms_report(received_at) WHERE matched_at IS NULL;

CREATE TABLE contact_request (
	id		INTEGER PRIMARY KEY,		-- the request number people see
	citizen_id	INTEGER NOT NULL REFERENCES citizen(id),
	agreement_id	INTEGER REFERENCES agreement(id),
	channel		TEXT NOT NULL CHECK (channel IN ('sms', 'kiosk')),
	routed_to	INTEGER REFERENCES staff(id),
	routed_as	TEXT CHECK (routed_as IS NULL OR routed_as IN ('mentor', 'deputy', 'team')),
	opened_at	INTEGER NOT NULL,
	notified_at	INTEGER,
	acknowledged_at	INTEGER,
	acknowledged_by	INTEGER REFERENCES staff(id),
	escalated_at	INTEGER,
	escalated_to	TEXT,
	closed_at	INTEGER,
	closed_by	TEXT
);
-- One open request per citizen.
CREATE UNIQUE INDEX contact_one_open ON contact_request(citizen_id) WHERE closed_at IS NULL;
CREATE INDEX contact_open_routed ON contact_request(routed_to, opened_at) WHERE closed_at IS NULL;

CREATE TABLE kiosk_login (
	id		INTEGER PRIMARY KEY,
	cpr_hash	TEXT NOT NULL CHECK (length(cpr_hash) = 64),
	citizen_id	INTEGER REFERENCES citizen(id),	-- NULL when the CPR is unknown
	kiosk_id	TEXT NOT NULL,
	code_hash	TEXT,				-- blanked by retention or when used
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
	used_at		INTEGER,
	voided_at	INTEGER
);
CREATE INDEX kiosk_login_cpr ON kiosk_login(cpr_hash, created_at);
CREATE INDEX kiosk_login_kiosk ON kiosk_login(kiosk_id, created_at);

CREATE TABLE kiosk_lock (
	cpr_hash	TEXT PRIMARY KEY,
	locked_until	INTEGER NOT NULL,
	failures	INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor_kind	TEXT NOT NULL CHECK (actor_kind IN ('kiosk', 'daemon', 'staff', 'system')),
	actor		TEXT NOT NULL,			-- kiosk id, 'sms-gateway', staff user name
	action		TEXT NOT NULL,			-- 'view_agreement', 'import', ...
	citizen_id	INTEGER REFERENCES citizen(id) ON DELETE SET NULL,
	reason		TEXT,
	detail		TEXT,
	exported_at	INTEGER
);
CREATE INDEX audit_citizen ON audit(citizen_id, at);
CREATE INDEX audit_at ON audit(at);

-- Loop guard and unknown-sender replies: one row per reply we sent.
CREATE TABLE sms_reply_log (
	sender		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX reply_log_sender ON sms_reply_log(sender, kind, at);
