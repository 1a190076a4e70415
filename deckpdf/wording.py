"""Every fixed phrase printed on cards, the log sheet and the worksheet.

Kept together so wording can be reviewed (and later translated) in one pass.
Tone: plain, warm, no jargon; readers may be anxious. The cover rules, crisis
line and disclaimer live in rules.py.
"""

from __future__ import annotations

# -- cards -------------------------------------------------------------------
LEVEL = "Level {level}"
LEVEL_NAMED = "Level {level} · {name}"
WHY = "Why it helps:"
RESPECT = "Respect:"
BEFORE = "Before"
AFTER = "After"
CHANCE_OF_NO = "How likely is a no? (0–100%)"
HOW_BAD = "How bad would it be? (0–10)"
WHAT_HAPPENED = "What happened?"
WHAT_LEARNED = "What did I learn?"
REPEAT = "Repeat until it feels like no big deal."

# -- cover -------------------------------------------------------------------
CRISIS_HEADING = "Need help right now?"
PRINT_TIP = (
    "Printing: choose “Actual size” or 100% (not “Fit to page”) so each card "
    "comes out 63 × 88 mm, then cut along the marks at the page edges."
)

# -- log sheet ---------------------------------------------------------------
LOG_TITLE = "My practice log"
LOG_INTRO = (
    "One row for each try. Fill in the first four columns before you start, "
    "the last two straight after. Watching the numbers drop over time is the point."
)
LOG_COLUMNS = (
    "Date",
    "Card",
    "Predicted chance of a no (%)",
    "How bad (0–10)",
    "What happened",
    "Re-rated: how bad really (0–10)",
)

# -- worksheet ---------------------------------------------------------------
WS_SUBTITLE = "A fear ladder to fill in on your own or with a therapist"
WS_INTRO = (
    "A fear ladder lists situations you avoid, from a little scary at the bottom "
    "to very scary at the top. You start at the bottom rung and stay with each "
    "step, or repeat it, until your fear drops, then climb to the next. "
    "There is no rush: small steps still count."
)
WS_THERMO_HEADING = "The fear thermometer (0–10)"
WS_THERMO_TEXT = (
    "Rate how anxious a situation makes you, from 0 (completely calm) to 10 "
    "(the most afraid you can imagine). Use the same scale each time so you can "
    "see change. A rung between 3 and 5 is usually a good place to start."
)
# (value, anchor label) pairs printed under the thermometer.
WS_THERMO_ANCHORS: tuple[tuple[int, str], ...] = (
    (0, "Calm"),
    (3, "A bit uneasy"),
    (5, "Anxious, but I can manage"),
    (8, "Very anxious"),
    (10, "Most afraid ever"),
)
WS_LADDER_HEADING = "My fear ladder"
WS_LADDER_HINT = "Write the hardest situation at the top and the easiest at the bottom."
WS_LADDER_COLUMNS = ("Step", "Situation", "Fear now (0–10)", "Fear after (0–10)")
WS_HARDEST = "hardest"
WS_EASIEST = "easiest"
WS_LEVELS_HEADING = "The challenge deck's levels, for reference"
WS_NOTES_HEADING = "Notes"
WS_QUESTIONS_HEADING = "Questions to ask a therapist"
WS_QUESTION_PROMPTS = (
    "Is exposure-based CBT a good fit for me?",
    "Which step on my ladder should I start with?",
    "What should I do if a step feels too big?",
    "How will we know it is working?",
)
WS_NOT_THERAPY = "This worksheet is not therapy and not a diagnosis."
