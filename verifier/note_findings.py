"""Findings a patient note states or denies, for a score's yes/no criteria without the patient's data.

Without entities, a trace that says "No history of DVT; 0 points" where the note says "history of
recurrent DVTs on warfarin" cannot be judged from the trace alone: the note is the patient's data.
``note_flags`` reads, for each flag input of a calculator, whether the note affirms it, denies it,
or says nothing that decides it, in the manner of NegEx (Chapman et al., J Biomed Inform 2001):

- a flag is named in a sentence when every content word of one of its names is there (the words
  of the input's name, aliases and description and of its criterion's label and phrases, stemmed,
  abbreviations read as their words, "history of", "previous", "documented" and the like left out);
- a mention is denied when a negation cue ("no", "denies", "without", "negative for", "free of",
  "rule out") comes at most eight words before the first of its words (not across "but"), or
  "ruled out", "negative", "absent" right after it, or when it is an item of a list that such a cue
  opens ("denies heart failure, sepsis, stroke, … or COPD": only list items between) or that is
  said negative after it ("Factor V Leiden and lupus anticoagulant were negative"); it is left aside when the sentence is about
  relatives ("family history", "mother") or is uncertain ("suspected", "risk", "prophylaxis", a question);
- a flag is affirmed when some sentence names it undenied and none denies it; denied when some
  sentence denies it and none affirms it; otherwise it is not decided.

Flags whose names carry a time or an amount ("surgery in the previous 4 weeks", "malignancy
treated within 6 months") are read only for a denial: a note's words cannot place the time. Flags
set by an absence ("cough absent") and judgement criteria are not read. Linear in the note (each sentence's words once per flag; bounded).

``note_sex``: the patient's sex as the note introduces them ("a 45-year-old woman"), else by its
pronouns when all are of one sex (used to complete a trace's inputs and, without the patient's data,
to judge a criterion on the sex alone).
"""

from __future__ import annotations

import re
from functools import lru_cache

from clinverify.calculators import Calculator
from clinverify.verifier import knowledge
from clinverify.verifier.criteria_read import finding_words, word_stems

MAX_NOTE_SENTENCES = 400  # a note's sentences read for findings (notes are bounded by MAX_NOTE_CHARS too)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# Words that qualify a finding's name but are not the finding ("history of DVT", "previous PE").
_QUALIFIERS = frozenset(finding_words("previous previously prior documented known clinical recent current past active diagnosis"))
_TIMED = re.compile(r"\d|\b(?:within|weeks?|days?|hours?|months?|years?|recent|drinks?|most\s+likely|likely|equally)\b", re.I)
_INVERSE = re.compile(r"\b(?:absent|absence|no|not|without|lack\w*|family)\b|^no_|_absent$", re.I)
_HISTORY = re.compile(r"\b(?:history|hx|previous\w*|prior|past|recurrent|remote|chronic|since)\b", re.I)
_CURRENT = re.compile(r"\b(?:acute|acutely|new|newly|presented|presenting|presents|current|currently|now|today|admitted|showed|shows|revealed|confirmed)\b", re.I)
# Negation cues before a finding (NegEx's pre-negation phrases, "rule out" among them: what is to be
# ruled out is not established).
_NEGATION_BEFORE = re.compile(r"\b(?:no|not|without|denies|denied|deny|negative|absence|absent|free|void|lacks?|lacking|never|nor|non|"
                              r"rul(?:e|ed|ing)\s+out|r/o|to\s+exclude|excluded)\b", re.I)
# A negation cue further back whose scope runs on through a list of findings ("denies heart failure,
# sepsis, stroke, …, or COPD"; "negative for A, B, C or D"): nothing between it and the finding but
# list items (commas, "or", "and", nouns), no verb or clause that ends its scope.
_NEGATION_LIST = re.compile(r"\b(?:no|denies|denied|negative\s+for|free\s+of|void\s+of|without|lacks?|"
                            r"(?:does|did|do)\s+not\s+have(?:\s+(?:a\s+)?history\s+of)?)\b(?P<items>[^.;:()]*)$", re.I)
# A list of findings (or their tests) said negative after it: "Factor V Leiden, prothrombin 20210A
# and lupus anticoagulant were negative", "anticardiolipin antibody testing came back negative".
_NEGATIVE_AFTER_LIST = re.compile(r"(?P<items>[^.;:()]{0,160}?)\b(?:tests?|testing|assays?|screens?)?\s*(?:were|was|are|is|came\s+back|returned)\s+(?:all\s+|also\s+)?"
                                  r"(?:negative|normal|unremarkable)\b", re.I)
_LIST_BREAK = re.compile(r"\b(?:but|however|although|though|except|yet|which|who|whereas|has|had|have|is|was|were|are|reports?|reported|"
                         r"presents?|presented|shows?|showed|takes?|taking|underwent|developed|diagnosed|treated|revealed|demonstrated|found|noted|on|"
                         r"he|she|his|her|their|they|apart|besides|despite)\b", re.I)  # a new clause (its subject), or an exception
_NEGATION_AFTER = re.compile(r"\W*(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:ruled\s+out|negative|absent|excluded|not\s+(?:seen|present|found|noted))\b", re.I)
_ASIDE = re.compile(
    r"\b(?:family\s+history|mother|father|brother|sister|sibling|grand(?:mother|father)|maternal|paternal|aunt|uncle|"
    r"suspected|suspicion|concern\s+for|possible|possibly|risks?|prophyla\w*|evaluate\s+for|screen\w*\s+for)\b|\?",
    re.I,
)
_WEAK = frozenset(finding_words("pressure rate ratio level test tests disease diseases history use usage drug drugs agent agents medication medications "
                                 "initial elevated low high abnormal normal count function failure sign signs symptom symptoms"))
_SCOPE_END = frozenset("but however although though except yet which who whereas".split())
NEGATION_REACH = 8  # words before a finding searched for a negation cue
LIST_NEGATION_REACH = 400  # characters before a finding searched for a negation cue whose list runs on to it
SPREAD = 3  # words between the words of one name ("major bleeding episode"; not "medical … bleeding")


def note_flags(calc: Calculator | None, note: str | None) -> dict[str, bool]:
    """Flag inputs of the calculator that the note decides: True (affirmed) or False (denied)."""
    if calc is None or not note:
        return {}
    names = flag_names(calc)
    return _decide(names, note) if names else {}


@lru_cache(maxsize=64)
def flag_names(calc: Calculator) -> tuple[tuple[str, tuple[frozenset[str], ...], str], ...]:
    """(flag input, the content words of each of its names, "past"/"strict"/"deny"/"") for the
    flags a note can decide. A past finding ("previous DVT", "history of stroke") is not affirmed by a
    sentence that makes it current ("presented with an acute DVT") unless it also says it is past
    ("history of", "prior", "recurrent"): a current DVT is not a previous one. "strict": a past
    finding of what the score itself is about (a previous PE in Wells' PE score) is affirmed only
    by a sentence that says it is past. "deny": a finding with a time or an amount ("malignancy
    treated within 6 months") is decided only by a note that denies it (or rules it out)."""
    judged: set[str] = set()
    phrases_of: dict[str, list[str]] = {}
    for crit in knowledge.criteria(calc):
        for name in crit.inputs:
            if crit.judgement:
                judged.add(name)
            if len(crit.inputs) == 1:
                phrases_of.setdefault(name, []).extend((crit.label, *crit.phrases))
    variants: dict[str, set[frozenset[str]]] = {}
    past: set[str] = set()
    timed: set[str] = set()
    for inp in calc.inputs:
        if inp.kind != "flag" or inp.name in judged:
            continue
        phrases = (inp.name.replace("_", " "), *inp.aliases, inp.description, *phrases_of.get(inp.name, ()))
        if any(_INVERSE.search(p) for p in phrases):
            continue  # a flag set by an absence ("cough absent")
        if any(_TIMED.search(p) for p in phrases):
            timed.add(inp.name)  # a time or an amount the note's words cannot place: only a denial decides it
        words = {frozenset(finding_words(p)) - _QUALIFIERS for p in phrases}
        variants[inp.name] = {w for w in words if w and not w <= _WEAK}
        if any(_HISTORY.search(p) for p in phrases):
            past.add(inp.name)
    # A name two flags share ("deep vein thrombosis": Wells' previous DVT and its clinical signs)
    # belongs to the one past finding among them (read only where the note says it is past), else to none.
    owner: dict[frozenset[str], set[str]] = {}
    for name, ws in variants.items():
        for w in ws:
            owner.setdefault(w, set()).add(name)
    keep = {w: names if len(names) == 1 else names & past for w, names in owner.items()}
    # What the score is about ("pulmonary embolism" for Wells' PE score): the note describes the
    # current episode, so a past one must be said to be past.
    about = finding_words(f"{calc.name} {calc.description}")
    out = []
    for name, ws in variants.items():
        mine = tuple(sorted((w for w in ws if keep[w] == {name}), key=sorted))
        if mine:
            mode = "deny" if name in timed else "strict" if name in past and any(w <= about for w in mine) else "past" if name in past else ""
            out.append((name, mine, mode))
    return tuple(out)


def _denied_in_list(text: str, at: int, end: int) -> bool:
    """Is the finding at ``at``..``end`` an item of a list that a negation cue opens ("denies A, B,
    …, or C") or that is said negative after it ("A, B and C were negative")?"""
    m = _NEGATION_LIST.search(text, max(0, at - LIST_NEGATION_REACH), at)
    if m is not None:
        items = m.group("items")
        if ("," in items or re.search(r"\b(?:or|and|nor)\b", items) is not None) and _LIST_BREAK.search(items) is None:
            return True
    after = _NEGATIVE_AFTER_LIST.match(text, end)
    return after is not None and _LIST_BREAK.search(after.group("items")) is None


@lru_cache(maxsize=64)  # the traces of one prompt share its note
def _decide(names: tuple[tuple[str, tuple[frozenset[str], ...], str], ...], note: str) -> dict[str, bool]:
    sentences = [s for s in _SENTENCE.split(note) if s.strip()][:MAX_NOTE_SENTENCES]
    read = [(s, stems, {w for *_, w in stems}) for s in sentences for stems in (word_stems(s),)]
    out: dict[str, bool] = {}
    for flag, variants, mode in names:
        affirmed = denied = False
        for text, stems, have in read:
            found = next((f for v in variants if v <= have for f in (_together(stems, v),) if f is not None), None)
            if found is None:
                continue
            if _ASIDE.search(text):
                continue  # relatives, or uncertain: decides nothing
            first, last = found
            window = stems[max(0, first - NEGATION_REACH) : first]
            cut = max((i + 1 for i, (_, _, raw, _) in enumerate(window) if raw in _SCOPE_END), default=0)
            before = text[window[cut][0] : stems[first][0]] if cut < len(window) else ""  # "no fever but a history of DVT": the negation stops at "but"
            if _NEGATION_BEFORE.search(before) or _NEGATION_AFTER.match(text, stems[last][1]) or _denied_in_list(text, stems[first][0], stems[last][1]):
                denied = True
            elif mode == "deny":
                affirmed = True  # stated, but not whether it falls in the time or amount the criterion needs: undecided below
            elif not mode or _HISTORY.search(text) or (mode == "past" and not _CURRENT.search(text, 0, stems[first][0])):
                affirmed = True  # a past finding: said to be past, or at least not said to be current
        if affirmed != denied and not (mode == "deny" and affirmed):
            out[flag] = affirmed
    return out


def _together(stems: list[tuple[int, int, str, str]], words: frozenset[str]) -> tuple[int, int] | None:
    """(first, last) word index of the first place where all ``words`` occur within a few words
    of each other (``SPREAD`` more than their number), or None."""
    reach = len(words) + SPREAD
    for i, (*_, w) in enumerate(stems):
        if w in words:
            span = stems[i : i + reach]
            if words <= {x for *_, x in span}:
                return i, max(i + k for k, (*_, x) in enumerate(span) if x in words)
    return None


# The patient's sex as a note introduces them: "A 23-year-old man", "a 15-month-old male infant".
_AGED_SEX = re.compile(r"\b(?:\d+[- ](?:years?|months?|weeks?|days?)[- ]old|aged\s+\d+)\s*,?\s*(?:[A-Za-z-]+\s+){0,3}?"
                       r"(?P<w>man|woman|male|female|boy|girl|gentleman|lady)\b", re.I)
SEX_OF = {"man": "male", "male": "male", "boy": "male", "gentleman": "male", "woman": "female", "female": "female", "girl": "female", "lady": "female"}
_HE = re.compile(r"\b(?:he|his|him)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers)\b", re.I)


@lru_cache(maxsize=1024)
def note_sex(note: str) -> str | None:
    """"male" or "female" as the note introduces the patient ("a 45-year-old woman"), else by its
    pronouns when they are all of one sex (two at least); None when the note does not say."""
    m = _AGED_SEX.search(note)
    if m is not None:
        return SEX_OF[m.group("w").lower()]
    he, she = len(_HE.findall(note)), len(_SHE.findall(note))
    if he >= 2 and not she:
        return "male"
    if she >= 2 and not he:
        return "female"
    return None
