/*
 * guidance.c - the default complaint guidance (klagevejledning), Danish
 * and English.  Sources: reference/domain.md section 2 (appeal to the
 * municipality within 4 weeks, reconsideration, then Ankestyrelsen;
 * dissatisfaction with the mentor is not an appeal).  No section
 * numbers and no "jobcenter": the law is changing.
 */
#include <stddef.h>

#include "guidance.h"

const struct guidance_text guidance_defaults[] = {
	{ GUIDANCE_DEFAULT_KEY, "da", "Sådan klager du",
	    "Er du uenig i kommunens afgørelse om din mentorstøtte, kan du "
	    "klage. Det gælder for eksempel, hvis du ikke får støtte, får færre "
	    "timer, eller hvis støtten stopper. Du klager til kommunen, ikke "
	    "direkte til Ankestyrelsen. Klagen skal være kommet frem senest 4 "
	    "uger efter, at du fik afgørelsen. Du kan klage i et brev, i en "
	    "e-mail eller ved at ringe, og du behøver ikke at skrive hvorfor. "
	    "Kommunen ser på din sag igen. Giver kommunen dig ikke ret, sender "
	    "den din klage videre til Ankestyrelsen. Det koster ikke noget at "
	    "klage.",
	    "Er du utilfreds med din mentor eller med den hjælp, du får, er det "
	    "ikke en klage over en afgørelse. Tal gerne med din mentor først. Du "
	    "kan også tale med din sagsbehandler eller kontakte kommunen. Så "
	    "ser vi på det sammen.",
	    "Du kan få hjælp til at klage. Spørg din mentor, din sagsbehandler "
	    "eller personalet i skranken. Du må gerne tage en, du stoler på, med "
	    "til møder med kommunen, for eksempel en pårørende eller en "
	    "bisidder. Send ikke dit CPR-nummer eller andre fortrolige "
	    "oplysninger i en sms." },
	{ GUIDANCE_DEFAULT_KEY, "en", "How to complain",
	    "If you disagree with the municipality's decision about your mentor "
	    "support, you can complain. This applies, for example, if you do "
	    "not get support, get fewer hours, or if the support stops. You "
	    "complain to the municipality, not directly to the National Social "
	    "Appeals Board (Ankestyrelsen). Your complaint must arrive no later "
	    "than 4 weeks after you received the decision. You can complain by "
	    "letter, by e-mail or by phone, and you do not have to say why. The "
	    "municipality looks at your case again. If it does not agree with "
	    "you, it sends your complaint on to Ankestyrelsen. Complaining is "
	    "free.",
	    "If you are unhappy with your mentor or with the help you get, that "
	    "is not a complaint about a decision. It is a good idea to talk to "
	    "your mentor first. You can also talk to your caseworker or contact "
	    "the municipality. Then we will look at it together.",
	    "You can get help to complain. Ask your mentor, your caseworker or "
	    "the staff at the desk. You are welcome to bring someone you trust "
	    "to meetings with the municipality, for example a relative or a "
	    "support person (bisidder). Please do not send your CPR number or "
	    "other confidential information by text message." },
};

const size_t guidance_defaults_count =
    sizeof(guidance_defaults) / sizeof(guidance_defaults[0]);
