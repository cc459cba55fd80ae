# libmentor: everything the programs share.  Explicit list; add new files here.
SHARED_SRCS = \
	shared/buf.c \
	shared/log.c \
	shared/config.c \
	shared/store.c \
	shared/store_ckpt.c \
	shared/store_people.c \
	shared/store_agreement.c \
	shared/store_meeting.c \
	shared/store_audit.c \
	shared/store_outbox.c \
	shared/store_kiosk.c \
	shared/store_inbox.c \
	shared/store_contact.c \
	shared/store_journal.c \
	shared/purge.c \
	shared/contact.c \
	shared/smsreply.c \
	shared/keyword.c \
	shared/formparse.c \
	shared/jwt.c \
	shared/websign.c \
	shared/crypto.c \
	shared/cpr.c \
	shared/phone.c \
	shared/smstext.c \
	shared/clock.c \
	shared/template.c \
	shared/i18n.c \
	shared/lang.c \
	shared/smsword.c \
	shared/holiday.c \
	shared/replyguard.c \
	shared/outbox_text.c
