# mentorctl: the staff's command-line tool.  One file per role; see
# admin/cmd.h for how a command is added.
MENTORCTL_SRCS = \
	admin/main.c \
	admin/opts.c \
	admin/output.c \
	admin/audited.c \
	admin/cpr_input.c \
	admin/ctx.c \
	admin/guidance.c \
	admin/cmd_init.c \
	admin/check_files.c \
	admin/check_sms.c \
	admin/import.c \
	admin/import_fields.c \
	admin/import_save.c \
	admin/import_read.c \
	admin/import_map.c \
	admin/import_arena.c \
	admin/import_sms.c \
	admin/cmd_citizen.c \
	admin/cmd_staff.c \
	admin/edit.c \
	admin/staff_edit.c \
	admin/citizen_edit.c \
	admin/agreement_edit.c \
	admin/meeting_edit.c \
	admin/cmd_agreement.c \
	admin/agreement_show.c \
	admin/cmd_meeting.c \
	admin/cmd_status.c \
	admin/status_outbox.c \
	admin/cmd_outbox.c \
	admin/cmd_sms.c \
	admin/cmd_audit.c \
	admin/cmd_smsinfo.c \
	admin/cmd_inbound.c \
	admin/cmd_journal.c \
	admin/cmd_simulate.c \
	admin/cmd_backup.c \
	admin/cmd_restore.c \
	admin/backup_files.c \
	admin/backup_manifest.c \
	admin/check_deep.c

# The version a backup's manifest records: `git describe` of the tree
# built (a checkout), else "unknown".  Rewritten only when it changes.
$(O)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@v=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	    echo "#define MENTORLINK_VERSION \"$$v\"" > $@.tmp; \
	    if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(O)/admin/backup_manifest.o: $(O)/gen/version.h
.PHONY: FORCE
FORCE:

# Benchmark (make bench, scripts/run-bench.sh section "import"): a made-up
# caseload written at bench time (bench/import_gen.h), imported by the
# real mentorctl.
$(O)/bench/import-bench: bench/import_bench.c bench/import_gen.h bench/steal.h
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)
