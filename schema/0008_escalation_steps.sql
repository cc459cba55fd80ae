-- Mentorlink schema, version 8: escalation in steps.
--
-- [contact] escalation = 4h deputy, 8h team, 24h coordinator is an
-- ordered list of steps (shared/escalation.h).  escalation_step counts
-- the steps already taken for a request: 0 none, 1 the first, ...  It
-- changes in the same transaction as the texts of the step it counts,
-- so a restart neither repeats nor skips a step.  escalated_at and
-- escalated_to (0001) now say when the latest step was taken and where
-- it went (a number, "team", "coordinator" or "none").
ALTER TABLE contact_request ADD COLUMN escalation_step INTEGER NOT NULL
	DEFAULT 0 CHECK (escalation_step >= 0);
-- Requests escalated before: their one step is taken.
UPDATE contact_request SET escalation_step = 1 WHERE escalated_at IS NOT NULL;

-- Who may acknowledge a request: everyone a step texted (a team has
-- several members), found through the escalation texts of the request.
-- Partial: only texts about a request are in it, so the reminders and
-- login codes the scheduler inserts in bulk do not pay for it.
CREATE INDEX outbox_contact ON sms_outbox(contact_id)
	WHERE contact_id IS NOT NULL;
