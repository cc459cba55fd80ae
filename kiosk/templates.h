/*
 * templates.h - the kiosk's templates, compiled in from kiosk/templates/
 * by kiosk/embed-templates.sh (see kiosk/module.mk).  Syntax: template.h.
 */
#ifndef MENTOR_KIOSK_TEMPLATES_H
#define MENTOR_KIOSK_TEMPLATES_H

extern const char tpl_access_html[];
extern const char tpl_access_item_html[];
extern const char tpl_access_link_html[];
extern const char tpl_access_list_html[];
extern const char tpl_access_pager_html[];
extern const char tpl_agreement_html[];
extern const char tpl_alert_html[];
extern const char tpl_code_html[];
extern const char tpl_desk_html[];
extern const char tpl_complaint_html[];
extern const char tpl_contact_done_html[];
extern const char tpl_contact_html[];
extern const char tpl_cpr_html[];
extern const char tpl_fact_html[];
extern const char tpl_fact_missing_html[];
extern const char tpl_facts_html[];
extern const char tpl_field_error_html[];
extern const char tpl_idle_html[];
extern const char tpl_keypad_html[];
extern const char tpl_kiosk_js[];
extern const char tpl_language_current_html[];
extern const char tpl_language_html[];
extern const char tpl_layout_html[];
extern const char tpl_list_html[];
extern const char tpl_list_item_html[];
extern const char tpl_login_button_html[];
extern const char tpl_login_mitid_html[];
extern const char tpl_logout_html[];
extern const char tpl_meeting_html[];
extern const char tpl_meetings_html[];
extern const char tpl_missing_html[];
extern const char tpl_mitid_done_html[];
extern const char tpl_mitid_refused_html[];
extern const char tpl_mitid_wait_html[];
extern const char tpl_no_agreement_html[];
extern const char tpl_not_found_html[];
extern const char tpl_note_html[];
extern const char tpl_paragraph_html[];
extern const char tpl_privacy_html[];
extern const char tpl_privacy_section_html[];
extern const char tpl_privacy_section_more_html[];
extern const char tpl_site_link_html[];
extern const char tpl_sites_html[];
extern const char tpl_start_html[];

#endif
