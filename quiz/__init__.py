"""A private self-check before a self-guided rejection-therapy deck.

It decides whether a graded deck suits someone now, or whether they should first talk to a
professional (or get crisis help), and if a deck fits, where on the ladder it starts.
It is not a diagnosis. Standard library only: it runs in CPython and inside Pyodide.

    quiz.questionnaire()        every question, for the form
    quiz.assess(answers)        outcome, reasons, scores, start level, areas
    quiz.web.assess_json(text)  the same for the browser worker, JSON text in and out
    quiz.cutoffs.describe()     every cut-off with its source (describe_catalogue(cat): of a given catalogue)
    quiz.deck.select_deck(...)  the starter deck from the card library
    quiz.ladder.levels()/areas()/area_ids()
"""

from quiz import cutoffs, deck, ladder
from quiz.catalogue import questionnaire
from quiz.errors import AnswerError, DataError
from quiz.triage import assess, assess_json

__all__ = [
    "AnswerError",
    "DataError",
    "assess",
    "assess_json",
    "cutoffs",
    "deck",
    "ladder",
    "questionnaire",
]
