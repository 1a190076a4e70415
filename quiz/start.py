"""Where on the ladder a deck starts, from the person's own fear-thermometer ratings.

The rule (Anxiety Canada's fear ladder): start at the lowest level whose example feels mild
to moderate, about 3 to 5 out of 10. Never start at the top: the Centre for Clinical
Interventions advises against tackling the biggest fear first. We walk up the ladder and let the first level that
is not easy (rated 3 or more) decide:

- rated in the band: start there;
- rated above the band: start one level below it. Its rating means the step up is already
  big, so we begin on the last easy level rather than on a level the person rated higher
  (with out-of-order ratings such as 2, 7, 4 a literal "lowest level rated 3 to 5" would
  skip past the 7; we never start above a level someone rated above moderate);
- every level easy: start one below the top, as imagined asks usually feel easier than
  real ones.

The result never rises when any rating rises, and it is never the top level.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from quiz.ladder import Ladder


@dataclass(frozen=True)
class Start:
    level: int
    reason: str


def _reason(ladder: Ladder, key: str, level: int, **extra: int) -> str:
    low, high = ladder.start_rule.band
    return ladder.start_rule.reasons[key].format(
        level=level, name=ladder.level(level).name, band_min=low, band_max=high, **extra
    )


def first_rung(ratings: Mapping[int, int], ladder: Ladder) -> Start:
    """ratings: ladder level -> 0-10 fear rating of that level's example."""
    low, high = ladder.start_rule.band
    highest_start = ladder.top - 1
    for level in ladder.levels:
        rating = ratings[level.level]
        if rating < low:
            continue
        if rating <= high:
            if level.level <= highest_start:
                return Start(level.level, _reason(ladder, "in_band", level.level))
            return Start(highest_start, _reason(ladder, "in_band_top", highest_start))
        if level.level == 1:
            return Start(1, _reason(ladder, "first_hot", 1, hot_rating=rating))
        return Start(
            level.level - 1,
            _reason(ladder, "stepped_back", level.level - 1, hot_level=level.level, hot_rating=rating),
        )
    return Start(highest_start, _reason(ladder, "all_easy", highest_start))


def with_support(start: Start, ladder: Ladder) -> Start:
    """A gentler start when we suggest support: support_step levels lower, never below 1."""
    level = max(1, start.level - ladder.start_rule.support_step)
    key = "support" if level < start.level else "support_floor"
    return Start(level, _reason(ladder, key, level))
