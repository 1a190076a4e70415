"""Every fixed phrase printed on cards, the cover, the log sheet and the worksheet.

Kept together so wording can be reviewed (and later translated) in one pass.
Tone: plain, warm, no jargon; readers may be anxious. The cover's rules and
disclaimer live in rules.py; the crisis line comes from the site's contacts.

Only wording lives here, never a fact the site's data holds: the card labels and the
goal tag come from the site's cards.yml, the fear scale, its anchor words and the
levels from quiz.ladder (templates below have {placeholders} for them).

The practice record is the same everywhere: before a try, the person writes
down what exactly they fear will happen, how likely it seems and how bad it
would be; after it, what happened, how bad it really was and what they learned
(inhibitory learning, Craske et al. 2014: the point is to test the feared
prediction, not to wait for the fear to fade).
"""

from __future__ import annotations

# -- the record: one definition, used by the cards, the cover and the log sheet --------------
BEFORE = "Before"
AFTER = "After"
FEAR_WHAT = "What exactly do I fear will happen?"
HOW_LIKELY = "How likely is it? (0–100%)"
HOW_BAD = "How bad would it be? (0–10)"
WHAT_HAPPENED = "What happened?"
HOW_BAD_REALLY = "How bad was it really? (0–10)"
WHAT_LEARNED = "What did I learn?"
# The one definition of re-rating. The site's pages print the identical sentence (a test
# compares them), so change it here and there together.
RERATE = (
    "Re-rate: straight after, rate again how bad it really was (0–10) and how likely your "
    "feared outcome now seems (0–100%), and compare both with your prediction."
)

# -- cards -------------------------------------------------------------------------------------
LEVEL = "Level {level}"
LEVEL_NAMED = "Level {level} · {name}"

# -- cover -------------------------------------------------------------------------------------
CRISIS_HEADING = "Need help right now?"
# Who should not use the deck: on every cover, above the rules, and not overridable.
NOT_FOR_HEADING = "Who should not use this deck"
NOT_FOR: tuple[str, ...] = (
    "Anyone having thoughts of harming themselves: please use the crisis contacts at the bottom of this page instead.",
    "Anyone whose fear, low mood or distress is strong or hard to manage alone: see a doctor or a therapist first.",
    "Under 18s: talk to a trusted adult, such as a parent, carer or school counsellor, first.",
)
# {width} and {height}: the card's size in mm (deck.CARD_W, deck.CARD_H).
PRINT_TIP = (
    "Printing: choose “Actual size” or 100% (not “Fit to page”) so each card comes out "
    "{width} × {height} mm, then cut along the thin grey lines around each card."
)

# -- log sheet ---------------------------------------------------------------------------------
LOG_TITLE = "My practice log"
LOG_INTRO = (
    "One row for each try: fill in the “Before” columns before you start and the “After” "
    "columns straight after. The point is to compare what you feared with what happened."
)
LOG_COLUMNS = (
    "Date",
    "Card",
    "What I feared would happen",
    "How likely (%)",
    "How bad (0–10)",
    "What happened",
    "How bad really (0–10)",
    "How likely now (%)",
    "What I learned",
)
# Column groups over the log's columns: (label, first column, last column).
LOG_GROUPS = ((BEFORE, 2, 4), (AFTER, 5, 8))

# -- worksheet ---------------------------------------------------------------------------------
WS_SUBTITLE = "A worksheet to take to your therapist and fill in together"
WS_INTRO = (
    "A fear ladder lists situations you avoid, from the least to the most frightening. "
    "Bring this worksheet to your therapist: fill in what you can before the session, and "
    "use it together to choose the steps, plan each practice and track what you learn."
)
WS_FIELDS = ("Client", "Therapist", "Date")
WS_GOAL_HEADING = "My goal"
WS_GOAL_HINT = "What would you like to be able to do that fear stops you doing now?"
# The fear thermometer's scale ({min}–{max}) and the words at its ends ({min_words},
# {max_words}) are quiz.ladder's; its anchor words are printed under their cells. The
# 0–100 option is written as a percentage, as CBT mood ratings often are; a bare "100"
# would also read as a phone number to the check that every printed number comes from
# contacts.yml.
WS_THERMO_HEADING = "Rating fear: {min}–{max}, or 0–100% if you prefer"
WS_THERMO_TEXT = (
    "{min} means {min_words} and {max} {max_words}. The small numbers give the same scale "
    "as 0–100%. Pick one scale with your therapist and use it every time."
)
# Terms and their meanings; {min}–{max} is the fear thermometer's scale.
WS_TERMS: tuple[tuple[str, str], ...] = (
    ("Fear now", "how anxious the situation makes you when you picture it today."),
    ("Feared prediction", "what exactly you fear will happen, and how likely it seems (0–100%)."),
    (
        "Safety behaviours",
        "things you do to feel safer that stop you learning, such as rehearsing, avoiding "
        "eye contact or leaving early.",
    ),
    ("Variations", "other people, places and times to practise the same step."),
    ("Fear before", "how anxious you felt just before you started the practice."),
    ("Fear after", "how anxious you felt at the end of the practice, {min}–{max} (or 0–100%)."),
)
WS_LEVELS_HEADING = "The challenge deck’s levels and their fear bands"
WS_LEVEL_BAND = "fear {low}–{high} (or {low100}–{high100}%)"
WS_EXAMPLE_HEADING = "Worked example"
WS_EXAMPLE_TAG = "EXAMPLE ONLY: not one of your steps"
WS_LADDER_HEADING = "My fear ladder"
WS_LADDER_HINT = "Hardest step at the top, easiest at the bottom. Rate fear on the scale you chose."
WS_LADDER_COLUMNS = (
    "Step",
    "Situation",
    "Fear now",
    "Feared prediction (how likely, %)",
    "Safety behaviours to drop",
    "Variations",
    "Practice: date · fear before → after",
)
# The worked example: one filled-in rung, in the ladder's columns after "Step".
WS_EXAMPLE_ROW: tuple[str, ...] = (
    "Ask a shop assistant where an item is",
    "4 (40%)",
    "They’ll sigh and I’ll go red and stumble over my words (70%)",
    "Rehearsing the question; not looking at them; rushing off",
    "A busy shop; an older assistant; ask a follow-up question",
    "Mon: 5 → 3. Thu: 4 → 2. Came true? No.",
)
WS_HARDEST = "hardest"
WS_EASIEST = "easiest"
WS_QUESTIONS_HEADING = "Questions to ask your therapist"
WS_QUESTION_PROMPTS = (
    "Is exposure-based CBT a good fit for me?",
    "Which step should we start with, and how often should I practise?",
    "What should I do if a step feels too big?",
)
WS_NOT_THERAPY = "This worksheet is not therapy and not a diagnosis."

# -- progress report -----------------------------------------------------------------------------
# The report's topic words (its title, who it is for, its headings) are the site's, in
# content/experiments/report.json; these are the figures' and table's fixed phrases.
PR_PAGE = "Page {page}"
PR_EMPTY = "No experiments recorded yet."
PR_COUNT = "Experiments recorded: {count} ({span})."
PR_NO = "Chance of a no: I predicted {predicted}% on average, and got a no in {got}% of tries."
PR_BAD = "How bad (0–10): I predicted {predicted} on average, and it really was {actual}."
PR_BELIEF = "Belief in what I feared (0–100%): {before}% before a try and {after}% after, on average."
PR_HAPPENED = "What I feared happened in {rate}% of the tries where I noted it."
PR_TRIES = "Tries, oldest first"
PR_YES = "yes"
PR_NO_WORD = "no"
PR_COLUMNS = (
    "Date",
    "Card",
    "What I feared",
    "Chance of a no (%)",
    "Got a no?",
    "How bad: predicted",
    "How bad: really",
    "Belief before → after (%)",
)
