/*
 * smsword - words an SMS to a citizen must never carry.
 *
 * Anyone who picks up a citizen's phone can read its lock screen, so an
 * SMS says date, time, organisation and a first name, and nothing that
 * tells that the person gets social or health support (Datatilsynet's
 * line).  Texts from configuration and staff (a meeting place, the
 * organisation's texts) can still carry such words; this module finds
 * them, from the list in [sms] sensitive_words, so that staff are warned
 * and the text is left out of the SMS.
 *
 * Matching folds case and accents the way keywords are matched
 * (keyword_fold(): "Psykiatrisk" = "PSYKIATRISK", "afvænning" =
 * "AFVAENNING") and finds a word also inside a longer one, since Danish
 * makes compounds ("Selvmordsforebyggelse", "Misbrugscenter").
 */
#ifndef MENTOR_SMSWORD_H
#define MENTOR_SMSWORD_H

struct config_words;

/*
 * The first word of list found in text, as the list spells it, or NULL
 * when there is none (or text is NULL).  Nothing to free.
 */
const char *smsword_find(const struct config_words *list, const char *text);

#endif
