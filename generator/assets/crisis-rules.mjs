// The crisis rules, applied in the page itself, so a self-harm answer brings up the crisis
// result even while the scoring engine loads, after it failed, or when it is blocked.
//
// The rules, the sums they read and every reason sentence come from Python at build time
// (quiz/crisis.py, in the form's data-crisis-rules, from the topic's self-check). This file only understands the rule
// language's "at least", all and any; it writes no sentence of its own. A test checks that
// its decision and its reasons match Python's over every value of every crisis question.

function holds(when, values, scores) {
  if ("all" in when) return when.all.every((part) => holds(part, values, scores));
  if ("any" in when) return when.any.some((part) => holds(part, values, scores));
  // A rule that reads a missing answer is not met, as in Python.
  if ("item" in when) return Number.isInteger(values[when.item]) && values[when.item] >= when.min;
  if ("score" in when) return Number.isInteger(scores[when.score]) && scores[when.score] >= when.min;
  return false;
}

function sums(spec, values) {
  const scores = {};
  for (const [id, items] of Object.entries(spec.scores)) {
    // A sum needs every one of its answers, as in Python.
    if (items.every((item) => Number.isInteger(values[item]))) {
      scores[id] = items.reduce((total, item) => total + values[item], 0);
    }
  }
  return scores;
}

function reasonFor(rule, values) {
  const match = rule.reasons.find((entry) => Object.entries(entry.values).every(([item, value]) => values[item] === value));
  return match ? match.text : rule.fallback;
}

// {met, outcome, reasons} for single-choice answers given as {question id: whole number}.
// Rules come most cautious first, so the first met rule names the outcome to show.
export function crisisCheck(spec, values) {
  const scores = sums(spec, values);
  const met = spec.rules.filter((rule) => holds(rule.when, values, scores));
  return { met: met.length > 0, outcome: met.length ? met[0].outcome : null, reasons: met.map((rule) => reasonFor(rule, values)) };
}
