-- Mentorlink schema, version 13: indexes the console's requests page
-- needs (make bench: 1,000 open requests, 100,000 citizens).
--
-- The text a citizen asked with, looked up per request shown: without
-- this every request read the whole inbox.
CREATE INDEX inbox_contact ON sms_inbox(contact_id, received_at)
	WHERE contact_id IS NOT NULL;

-- A coordinator's page, every open request oldest first: read in order
-- and stop after the page, instead of sorting every open request.  A
-- mentor's own use contact_open_routed (0001).
CREATE INDEX contact_open_opened ON contact_request(opened_at, id)
	WHERE closed_at IS NULL;
