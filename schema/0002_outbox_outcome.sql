-- Mentorlink schema, version 2: what is known about a message beyond its
-- status.
--
-- unconfirmed: the provider answered 2xx (so it has the message) with a body
-- the gateway could not read (HTML from a proxy, a changed API, a truncated
-- answer).  The message is recorded as sent and never sent again; its
-- delivery report may still come.  `mentorctl status` counts those still sent.
--
-- temporary_failure: a delivery report failed the message for a reason that
-- says nothing against the number (absent subscriber, a network fault, the
-- validity ran out).  Such failures stay off the bad-number list.
ALTER TABLE sms_outbox ADD COLUMN unconfirmed INTEGER NOT NULL DEFAULT 0
	CHECK (unconfirmed = 0 OR unconfirmed = 1);
ALTER TABLE sms_outbox ADD COLUMN temporary_failure INTEGER NOT NULL DEFAULT 0
	CHECK (temporary_failure = 0 OR temporary_failure = 1);
-- On a column the sender's claims and outcomes do not touch, so the index
-- costs them nothing.
CREATE INDEX outbox_unconfirmed ON sms_outbox(unconfirmed) WHERE unconfirmed = 1;
