"""Proposing initiatives from an article's text (``tracker extract``).

:func:`extract` reads a text sentence by sentence (:mod:`tracker.extraction.sentences`)
and keeps those that commit to, announce or propose a concrete policy action: a
sentence needs a status cue (someone will, plans to, proposes, is implementing...)
and an action or a policy object (a programme, a plan, a fund...); statistics,
opinions and past events are left out. For each it proposes a short title, the
status, the kind, the sponsors (named in the sentence, or the last ones named when
it says "he" or "the authority"), the jurisdictions, tags, the deadline (the first
date phrase that is not in the past, read with the publication date as reference)
and the sentence itself as the quote, with a score. Every word it looks for is in
``words/*.toml`` beside it; a Chinese text in traditional script is folded to
simplified (OpenCC) to look for them, and quoted as written.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from tracker.domain.deadlines import find_windows
from tracker.domain.windows import Window
from tracker.extraction.reading import Document
from tracker.extraction.script import simplified
from tracker.extraction.sentences import Sentence, sentences

STATUSES = ("proposed", "announced", "in_progress", "achieved")
#: Candidates scoring below this are left out unless asked for.
MIN_SCORE = 0.5
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    """An initiative the article names, as proposed."""

    title: str
    kind: str
    status: str
    sponsors: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    tags: tuple[str, ...]
    deadline: Window | None
    quote: str
    start: int
    end: int
    score: float
    article: Document = field(repr=False, compare=False)


# -- the words -------------------------------------------------------------------------


@cache
def words(name: str) -> dict[str, Any]:
    """One words file (``en``, ``zh``, ``places``, ``tags``), parsed."""
    data = resources.files("tracker.extraction").joinpath(f"words/{name}.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def _pattern(phrases: tuple[str, ...], whole: bool) -> re.Pattern[str]:
    """A pattern that finds any of ``phrases`` (whole words when ``whole``)."""
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])" if whole else f"(?:{body})")


@cache
def _inflected(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """English verbs with their -s, -ed and -ing forms ("launch", "launches",
    "launched", "launching"; "promote", "promoting"; "study", "studies", "studied")."""
    forms: list[str] = []
    for phrase in phrases:
        first, _, rest = phrase.partition(" ")
        tail = f" {rest}" if rest else ""
        stems = {first, first + "s", first + "es", first + "ed", first + "ing", first + "d"}
        if first.endswith("e"):
            stems |= {first[:-1] + "ing", first[:-1] + "ed"}
        if first.endswith("y"):
            stems |= {first[:-1] + "ies", first[:-1] + "ied"}
        if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgmnprt]", first):
            # "set up" -> "setting up"
            stems |= {first + first[-1] + "ed", first + first[-1] + "ing"}
        forms += [stem + tail for stem in stems]
    return tuple(forms)


@cache
def _plural(nouns: tuple[str, ...]) -> tuple[str, ...]:
    """English nouns and their plurals ("subsidy", "subsidies"; "tax", "taxes")."""
    forms = set(nouns)
    for noun in nouns:
        if noun.endswith("y") and noun[-2:-1] not in "aeiou":
            forms.add(noun[:-1] + "ies")
        elif noun.endswith(("s", "x", "ch", "sh")):
            forms.add(noun + "es")
        else:
            forms.add(noun + "s")
    return tuple(sorted(forms))


#: "we'll", "they'll": read as "we ll" (same length), "ll" being a cue like "will".
_CONTRACTED = re.compile(r"['\u2019]ll\b")
#: A verb a commitment governs: "will restore", "plans to unlock", "urges members to
#: conclude": the action, whatever the verb.
_GOVERNED = re.compile(
    r"\b(?:will|shall|ll|plans? to|aims? to|intends? to|is to|are to|seeks? to|"
    r"(?:is|are) set to|going to|commits? to|committed to|pledge[sd]? to|proposes? to|"
    r"decided to|agreed to|resolved to|expects? to|vow(?:s|ed)? to|promise[sd]? to|"
    r"(?:calls?|urges?|calling|urging) (?:on |upon )?(?:\w+ ){1,4}to)\s+"
    r"(?:also |further |now |then |jointly |gradually |progressively )?"
    r"(?!be able|have |enjoy|benefit|get |receive|face|see |gain|pay |save|mean)[a-z]{3,}"
)


def _find(text: str, phrases: Iterable[str], zh: bool) -> list[re.Match[str]]:
    return list(_pattern(tuple(phrases), not zh).finditer(text))


def _has(text: str, phrases: Iterable[str], zh: bool) -> bool:
    return _pattern(tuple(phrases), not zh).search(text) is not None


def fold(text: str) -> str:
    """Chinese text in simplified script (each character for one: offsets hold)."""
    if not _CJK.search(text):
        return text
    folded = simplified(text)
    return folded if len(folded) == len(text) else text


# -- the engine ------------------------------------------------------------------------


@dataclass
class _Reading:
    """What reading an article has learnt so far: the sponsors last named (for "he",
    "the authority") and its main place."""

    article: Document
    reference: date
    place: str | None
    last_sponsors: tuple[str, ...] = ()
    asking: bool = False  # in a transcript, the reporter has the floor
    #: Under a Chinese title or heading that reviews work done (施政工作回顾与总结)
    review: bool = False


def extract(article: Document, today: date, min_score: float = MIN_SCORE) -> list[Candidate]:
    """The initiatives ``article`` names, in the order of the text, each once."""
    reference = article.published or today
    folded = fold(article.text)
    reading = _Reading(article, reference, _main_place(folded))
    reading.last_sponsors = _title_sponsors_zh(article.title)
    found: list[Candidate] = []
    for sentence in sentences(article.text):
        part = folded[sentence.start : sentence.end]
        if _CJK.search(part):
            candidates = _candidates_zh(reading, sentence, part)
        else:
            candidates = [c for c in [_candidate(reading, sentence, part)] if c is not None]
        for candidate in candidates:
            if candidate.score < min_score:
                continue
            if any(_same(candidate, other) for other in found):
                continue
            found.append(candidate)
    return found


#: A transcript's speaker: "Secretary for Financial Services and the Treasury: ...",
#: "Reporter: ...".
_SPEAKER_LABEL = re.compile(
    r"((?:Mr|Ms|Mrs|Dr)?\.?\s?[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|for|of|and|the))"
    r"{0,9}):\s+(?=\S)"
)


def _line_start(reading: _Reading, sentence: Sentence) -> bool:
    before = reading.article.text[max(0, sentence.start - 20) : sentence.start]
    return sentence.start == 0 or ("\n" in before and not before.rpartition("\n")[2].strip())


#: A name after the commitment that still acts: its agent ("set up by the HKMA"), who
#: said it ("..., the government said") or whose it is ("the government's commitment").
_AGENT_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_SAYER_AFTER = re.compile(
    r"['\u2019]s\b|\s*(?:,\s*)?(?:said|says|announced|announces|added|adds|stated|states|"
    r"told|noted|explained|confirmed|confirms|revealed|reveals)\b"
)


def _acting(text: str, names: tuple[str, ...], cue: int) -> tuple[str, ...]:
    """The names that act: those before the sentence's first status cue (at ``cue`` - 1;
    0 for none), its agent, and who said it, not what is set up or acted on ("announced
    that a new Development Committee will be set up")."""
    if not cue:
        return names
    kept = []
    for name in names:
        at = text.find(name)
        if (
            at < 0
            or at < cue - 1
            or _AGENT_BEFORE.search(text, max(0, at - 8), at)
            or _SAYER_AFTER.match(text, at + len(name))
        ):
            kept.append(name)
    return tuple(kept)


def _same(one: Candidate, other: Candidate) -> bool:
    return one.title.lower() == other.title.lower()


def _candidate(reading: _Reading, sentence: Sentence, folded: str) -> Candidate | None:
    """The initiative an English sentence names, if any (a Chinese one is read clause
    by clause: :func:`_candidates_zh`)."""
    lang = words("en")
    text = sentence.text
    if (label := _SPEAKER_LABEL.match(text)) is not None and _line_start(reading, sentence):
        # a transcript's "Secretary for ...: In terms of ...": who speaks, then what
        reading.asking = label.group(1) in lang["sponsors"]["askers"]
        if not reading.asking:
            reading.last_sponsors = (label.group(1),)
        text = " " * label.end() + text[label.end() :]
        folded = " " * label.end() + folded[label.end() :]
    elif _line_start(reading, sentence):
        reading.asking = False  # a new paragraph: the answer, or the article again
    if reading.asking or text.rstrip().endswith("?"):
        return None  # a question, or a reporter's turn, commits no one
    lowered = _CONTRACTED.sub(" ll", folded.lower())  # "we'll": "we ll"
    cues = _cues(lowered, lang)
    sponsors = _acting(text, _sponsors(text), min((v for v in cues.values() if v), default=0))
    named = sponsors or reading.last_sponsors  # "he", "the authority", or no one
    if sponsors:
        reading.last_sponsors = sponsors
    # a policy word inside a name ("Financial Services", "Monetary Authority") is not one
    masked = _masked(lowered, sponsors, text)
    action = (
        _has(masked, _inflected(tuple(lang["cues"]["actions"])), False)
        or _GOVERNED.search(masked) is not None
    )
    funding = _FUNDING.search(lowered)
    if funding is not None and not any(cues.values()):
        cues["announced"] = True  # a budget's line: "$50 million to plan Stage 2B"
    policy_object = (
        _has(masked, _plural(tuple(lang["cues"]["objects"])), False) or funding is not None
    )
    window = _deadline(text, reading)
    if not any(cues.values()) and _verb_item(reading.article.text, sentence):
        cues["announced"] = True  # "- Establish a one-stop centre;": a plan's item
    if (
        not any(cues.values())
        and window is not None
        and window.earliest > reading.reference
        and _scheduled(text, window)
        and not _has(lowered, lang["itinerary"]["verbs"], False)
    ):
        cues["announced"] = True  # "banks must report from 1 January 2027": scheduled
    future = cues["announced"] or cues["proposed"]
    if not (action or policy_object) or not any(cues.values()):
        return None
    if _has(lowered, lang["cues"]["statistics"], False) and re.search(r"\d", folded) and not future:
        return None  # "exports rose 5% in 2024"
    if _has(lowered, lang["cues"]["opinion"], False) and not cues["proposed"]:
        return None  # a belief is no commitment, unless it proposes something
    if cues["proposed"]:
        status = "proposed"
    elif cues["in_progress"] and not _WILL_START.search(lowered):
        status = "in_progress"
    elif cues["achieved"] and (not future or cues["achieved"] < cues["announced"]):
        status = "achieved"  # the first of "has launched ..., which will": what was done
    elif future:
        status = "announced"
    else:
        return None
    if (
        status == "announced"
        and window is not None
        and reading.article.published is not None
        and window.latest <= reading.reference
    ):
        status = "achieved"  # "will take effect from 1 July", said on 1 July: in effect
    if status == "achieved" and window is None and not policy_object:
        return None
    score = 0.3
    score += 0.2 if policy_object else 0.0
    score -= 0.2 if not policy_object and window is None else 0.0
    score += 0.1 if action else 0.0
    score += 0.15 if future or cues["in_progress"] else 0.0
    score += 0.15 if window is not None else 0.0
    score += 0.1 if sponsors or _has(lowered, lang["sponsors"]["pronouns"], False) else 0.0
    score -= 0.2 if status == "achieved" else 0.0
    score -= 0.15 if len(sentence.text) > 450 else 0.0
    score -= 0.3 if sentence.text.strip() == (reading.article.title or "").strip() else 0.0
    places = _places(lowered, named, False) or ((reading.place,) if reading.place else ())
    return Candidate(
        title=_title(text.strip(), window, sponsors, funding),
        kind="proposal" if status == "proposed" else _kind(lowered, False),
        status=status,
        sponsors=named,
        jurisdictions=places,
        tags=_tags(lowered, False),
        deadline=window,
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        score=round(max(0.0, min(1.0, score)), 2),
        article=reading.article,
    )


#: A clause that describes what it follows (", which was set up in 2019"), and a
#: bracket: neither says what the sentence commits to.
_ASIDE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;]*|\([^)]*\)")
#: A budget's line: an amount for a purpose ("$1.9 billion for Western Sydney rail").
_FUNDING = re.compile(
    r"(?:^|\b(?:provide[sd]?|providing|commit(?:s|ted)?|committing|invest(?:s|ed)?|investing|"
    r"allocate[sd]?|allocating|includes?|included|deliver(?:s|ed)?|earmark(?:s|ed)?|"
    r"set(?:s|ting)? aside|pledge[sd]?|inject(?:s|ed)?)\s+)"
    r"(?:a\$|au\$|us\$|hk\$|s\$|\$|\u00a3|\u20ac|rmb\s?|£)\s?[\d.,]+\s*"
    r"(?:million|billion|trillion|m|bn)?\b[^.;]{0,40}?\b(?:for|to|in|into)\s+\w"
)


def _cues(lowered: str, lang: dict[str, Any]) -> dict[str, int]:
    """Where the first cue of each status is (0 for none, else 1 + its offset), only in
    the sentence's own clauses (not in ", which ..." or brackets), and not "will"
    before what befalls someone ("will enjoy", "will be able to")."""
    main = _ASIDE.sub(lambda m: " " * len(m.group(0)), lowered)
    found: dict[str, int] = {}
    for status in STATUSES:
        found[status] = 0
        for match in _pattern(tuple(lang["status"][status]), True).finditer(main):
            if status == "proposed" and _TO_PROPOSE.search(
                main, max(0, match.start() - 12), match.start()
            ):
                continue  # "the Commission will propose a regime": its commitment
            if status == "announced" and (
                (_CONSEQUENCE.match(main, match.end()) and not _benefit(main, match.end(), lang))
                or _THIS_WILL.search(main, max(0, match.start() - 12), match.start())
                or _outcome(main, match, lang)
                or _pattern(tuple(lang["itinerary"]["verbs"]), True).match(
                    main, _after_adverbs(main, match.end())
                )
                or _NOTICE.search(main, 0, match.start())
            ):
                continue
            found[status] = match.start() + 1
            break
    if not found["achieved"]:
        perfect = _perfect(tuple(lang["status"]["done"])).search(main)
        if perfect is not None:
            found["achieved"] = perfect.start() + 1
    if not found["announced"] and (would := _REPORTED_WOULD.search(main)) is not None:
        found["announced"] = would.start() + 1  # "said the HKMA would work with banks"
    if found["proposed"] and _PAST_PROPOSAL.search(main):
        found["proposed"] = 0  # "was called for by President Juncker in 2017": history
    if (
        found["announced"]
        and _TOLD_IN_PAST.search(main)
        and not _strong(tuple(lang["status"]["announced"]), tuple(lang["status"]["weak"])).search(
            main
        )
    ):
        found["announced"] = 0  # "the meeting was held since the launch of the scheme"
    if not found["proposed"] and (should := _SHOULD.search(main)) is not None:
        key = "announced" if should.group(1) else "proposed"  # "should be made": a directive
        found[key] = found[key] or should.start() + 1
    if (speaker := _SPEAKER_PROPOSES.search(main)) is not None:
        # a Budget speech's "I propose to allocate": the speaker's own commitment
        found["proposed"] = 0
        found["announced"] = found["announced"] or speaker.start() + 1
    said = _document_says(
        tuple(lang["status"]["documents"]), tuple(lang["status"]["document_verbs"])
    )
    if (said_here := said.search(main)) is not None:
        # "the plan calls for", "the Bill introduces": what its authors commit to
        found["proposed"] = 0 if found["proposed"] > said_here.start() else found["proposed"]
        found["announced"] = found["announced"] or said_here.start() + 1
    return found


#: Spaces and adverbs after a "will" (always matches, if only the empty string).
_ADVERB = re.compile(r"\s*(?:(?:also|then|further|again|personally|jointly)\s+)*")


def _benefit(main: str, at: int, lang: dict[str, Any]) -> bool:
    """ "Households will receive a rebate", "will be eligible for a subsidy": what
    befalls people is a measure when it is a benefit the text names."""
    following = main[at : at + 80]
    return _RECEIVE.match(following) is not None and _has(
        following, _plural(tuple(lang["outcome"]["benefits"])), False
    )


_RECEIVE = re.compile(
    r"\s+(?:also\s+|then\s+|now\s+|further\s+)?(?:receive|get|enjoy|be eligible for|"
    r"be entitled to|benefit from|pay less|pay no)\b"
)


def _after_adverbs(text: str, at: int) -> int:
    found = _ADVERB.match(text, at)
    return found.end() if found is not None else at


#: "Further details will be announced in due course": a notice, not a commitment.
_NOTICE = re.compile(r"\b(?:details|information|particulars|arrangements for|results)\b[^,;]*$")


def _outcome(main: str, will: re.Match[str], lang: dict[str, Any]) -> bool:
    """ "These reforms will boost productivity", "the scheme will help small
    businesses": what a measure named as the subject will bring about, not a
    commitment (unlike "the Government will help first home buyers")."""
    if will.group(0) not in ("will", "ll", "shall"):
        return False
    verb = re.match(r"\s+(?:also\s+|further\s+|then\s+)?([a-z]+)", main[will.end() :])
    if verb is None or verb.group(1) not in lang["outcome"]["verbs"]:
        return False
    clause = max((m.end() for m in _CLAUSE_MARK.finditer(main, 0, will.start())), default=0)
    subject = set(re.findall(r"[a-z]+", main[clause : will.start()]))
    return not subject.isdisjoint(lang["outcome"]["subjects"])


@cache
def _perfect(done: tuple[str, ...]) -> re.Pattern[str]:
    """ "has (today) launched", "was officially opened": what was done."""
    participle = _pattern(done, True).pattern
    return re.compile(rf"\b(?:has|have|had|was|were)\s+(?:\w+\s+){{0,2}}?{participle}")


@cache
def _strong(announced: tuple[str, ...], weak: tuple[str, ...]) -> re.Pattern[str]:
    """The announced cues that are verbs (not "the launch of", "upcoming")."""
    return _pattern(tuple(sorted(set(announced) - set(weak))), True)


@cache
def _document_says(documents: tuple[str, ...], verbs: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(d) for d in sorted(documents, key=len, reverse=True))
    says = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(
        rf"\b(?:the|this|our|its|new)\s+(?:[\w-]+\s+){{0,3}}?(?:{names})\s+(?:also\s+)?(?:{says})\b"
    )


#: What befalls someone, not what someone commits to: "taxpayers will get relief".
_CONSEQUENCE = re.compile(
    r"\s+(?:also\s+|then\s+|now\s+|further\s+|therefore\s+)?(?:be able to|enjoy|benefit|"
    r"get|receive|face|have|see|gain|pay|save|mean|be better|be eligible)\b"
)
_SPEAKER_PROPOSES = re.compile(r"\b(?:i|we)\s+(?:also\s+|further\s+|now\s+)?propose\s+to\s")
_TO_PROPOSE = re.compile(r"\b(?:will|shall|ll|to)\s+$")
#: "will" in reported speech: "said (that) the authority would ..."
_REPORTED_WOULD = re.compile(
    r"\b(?:said|stated|announced|told|added|noted|confirmed|revealed|indicated)\b"
    r"[^.;]{0,80}?\bwould\b(?!\s+(?:like|be able|have|not))"
)
#: A proposal told as history, and a sentence told in the past.
_PAST_PROPOSAL = re.compile(
    r"\b(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:called for|proposed|suggested|"
    r"recommended|urged)\b|\b(?:the|a|an|its|their)\s+proposed\b"
)
_TOLD_IN_PAST = re.compile(r"\b(?:was|were|had)\b")
#: "This will make Hong Kong ...": what the last sentence's initiative will do.
_THIS_WILL = re.compile(r"(?:^|[,;]\s*|\b(?:and|which)\s+)(?:this|these|that|which|it all)\s+$")
_SHOULD = re.compile(r"\bshould\s+(?:(be\s+\w+)|\w)")


def _masked(lowered: str, names: Iterable[str], original: str) -> str:
    """The lower-cased text with the names blanked (their length kept), and every run
    of two or more capitalised words of the original that names an organisation."""
    organisation = set(words("en")["sponsors"]["organisation"])
    for match in _NAME_RUN.finditer(original):
        if organisation.isdisjoint(match.group(0).split()):
            continue  # "Investment Zone", "Stock Connect": a policy's own name
        lowered = lowered[: match.start()] + " " * len(match.group(0)) + lowered[match.end() :]
    for name in names:
        key = name.lower()
        lowered = lowered.replace(key, " " * len(key))
    return lowered


#: A future launch ("will launch ... continue to"): announced, not under way.
_WILL_START = re.compile(r"\bwill (?!continue)(?:\w+ ){0,2}(?:launch|introduce|set up|establish)\b")


# -- deadlines -------------------------------------------------------------------------

#: Words before a date that say it is a deadline, kept in its text ("by 2027").
_FRAMING = re.compile(
    r"(?:\b(?:by|before|in|within|until|till|from|starting|no later than|by the end of|"
    r"the end of|end of|over|during|for)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


#: A phrase that names its day (a number), unlike "today" or "今日".
_NAMES_A_DAY = re.compile("[0-9\uff10-\uff19\u3007零一二三四五六七八九十]")


#: "today (" before a day: the day it was said, written out (in Chinese, the phrase
#: read may hold it: "今日(三月二日").
_TODAY_OPEN = re.compile(r"(?:\btoday|今日|今天|本日)\s*[(\uff08]\s*$", re.IGNORECASE)
_TODAY_ZH = re.compile("^(?:今日|今天|本日)\\s*[(\uff08]")


_MARKER = r"(?:[-\u2022*\u2013\u00b7\u25cf\u25aa]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])"
#: A list's item: a line opening with a bullet or a number, or any line after one
#: ending in a colon or a semicolon.
_ITEM_OPEN = re.compile(rf"(?:^|\n)[ \t]*{_MARKER}[ \t]*$|[:;][ \t]*\n\s*$")
_ITEM_MARKER = re.compile(rf"{_MARKER}\s+")


def _verb_item(text: str, sentence: Sentence) -> bool:
    """A list's item that opens with a verb in its base or -ing form ("Establish a
    one-stop centre", "introducing a tax deduction"): an item of a plan's list."""
    opens = _ITEM_OPEN.search(text, max(0, sentence.start - 40), sentence.start)
    if opens is None and _ITEM_MARKER.match(sentence.text) is None:
        return False
    bare = _ITEM_MARKER.sub("", sentence.text, count=1)
    first = bare.split(None, 1)[0].lower() if bare.strip() else ""
    verbs = words("en")["cues"]["actions"]
    return first in verbs or (
        first.endswith("ing") and _base_forms(tuple(verbs)).get(first) is not None
    )


#: A later date that schedules what the sentence names: "from 1 January 2027", "by
#: end-2027", "on 1 April" (not a year as a name, "the 2026 work programme", nor "said
#: Sunday").
_SCHEDULE_FRAME = re.compile(
    r"(?:by|before|in|within|until|till|from|starting|no later than|the end of|end of)\b",
    re.IGNORECASE,
)
_ON_A_DAY = re.compile(r"\b(?:on|as of|as from|with effect from|effective)\s+$", re.IGNORECASE)


def _scheduled(text: str, window: Window) -> bool:
    if _SCHEDULE_FRAME.match(window.text):
        return True
    at = text.find(window.text)
    return window.precision == "day" and at > 0 and _ON_A_DAY.search(text, 0, at) is not None


def _deadline(text: str, reading: _Reading) -> Window | None:
    """The first date phrase of the sentence that is not over before the article's
    day (a past year, a statistics year, a meeting already held), with its framing
    word ("by 2027", not "2027")."""
    try:
        found = find_windows(text, reading.reference)
    except Exception:  # an impossible reference or a reader's refusal: no deadline
        return None
    for one in found:
        window = one.window
        if window.latest < reading.reference and reading.article.published is not None:
            continue
        if window.earliest == window.latest == reading.reference and (
            not _NAMES_A_DAY.search(one.text)
            or _TODAY_OPEN.search(text[: one.start])
            or _TODAY_ZH.match(one.text)
        ):
            continue  # "today (5 March)", "今日": when it was said ("from 1 July" is a deadline)
        frame = _FRAMING.search(text[: one.start])
        if frame is not None and not _CJK.search(one.text):
            phrase = text[frame.start() : one.end]
            window = Window(phrase, window.earliest, window.latest, window.precision)
        return window
    return None


# -- who, where, what ------------------------------------------------------------------

_WORD = r"(?:[A-Z][\w'\u2019&.-]*|of|and|the|for|de|du)"
_CAPITALISED = re.compile(rf"{_WORD}(?:\s+{_WORD})*")


#: Two or more capitalised words in a row: a name ("Financial Services Bureau").
_NAME_RUN = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\s+(?:(?:of|and|the|for)\s+)*[A-Z][\w'\u2019-]*)+")
#: A name after these words is an affiliation or a partner, not who is behind it.
_AFFILIATION = re.compile(r"\b(?:at|of|with|from|for|to|in|under|on)\s+(?:the\s+)?$")
#: "Joseph Chan Ho-lim, Hong Kong's undersecretary for ...": a person, then a title.
_PERSON_THEN_TITLE = re.compile(
    r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,3}),\s+"
    r"(?:[A-Z][\w'\u2019 ]{0,30}?['\u2019]s\s+)?([a-z][a-z -]+)"
)


_TITLED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Professor|Prof)\.?\s+((?:[A-Z][\w-]+\s?){2,3})")


def _sponsors(text: str) -> tuple[str, ...]:
    """The organisations and people an English sentence names, as named (an acronym by
    its full name)."""
    data = words("en")["sponsors"]
    acronyms: dict[str, str] = words("en")["acronyms"]
    organisation = set(data["organisation"])
    titles = sorted(data["titles"], key=len, reverse=True)
    not_names = set(data["not_names"])
    found: list[str] = []
    after_titles = tuple(t.lower() for t in titles)
    for match in _PERSON_THEN_TITLE.finditer(text):
        if match.group(2).lower().startswith(after_titles):
            found.append(match.group(1))
    for match in _CAPITALISED.finditer(text):
        name = match.group(0).strip()
        begin = match.start()
        while name.split(" ")[0] in {"of", "and", "the", "for", "The", "Our", "Its", "This"}:
            begin += len(name.split(" ")[0]) + 1
            name = name.partition(" ")[2]
        if _AFFILIATION.search(text, max(0, begin - 12), begin):
            continue  # "at Tsinghua University", "with the Polytechnic": not its sponsor
        name = re.sub(r"(?:\s+(?:of|and|the|for))+$", "", name).rstrip(".'\u2019")
        if not name:
            continue
        tokens = name.split()
        if len(tokens) == 1 and name in acronyms:
            found.append(acronyms[name])
            continue
        if any(token in organisation for token in tokens) and len(tokens) >= 2:
            # "the HKMA and the SFC" written out: two organisations, not one
            parts = re.split(r"\s+and\s+the\s+", name)
            if (
                len(parts) > 1
                and name not in acronyms.values()  # "Financial Services and the Treasury Bureau"
                and not name.startswith(tuple(titles))  # "Secretary for ... and the Treasury"
                and all(len(p.split()) > 1 and p.split()[-1] in organisation for p in parts)
            ):
                found += parts
            else:
                found.append(name)
            continue
        if (person := _titled_person(name, titles, not_names, organisation)) is not None:
            found.append(person)
    for match in _TITLED.finditer(text):
        found.append(match.group(1).strip())
    for match in _bare_names(tuple(data["bare"])).finditer(text):
        if not _AFFILIATION.search(text, max(0, match.start() - 12), match.start()):
            found.append(match.group(1)[:1].upper() + match.group(1)[1:])
    return tuple(dict.fromkeys(_tidy_names(found)))


def _titled_person(
    name: str, titles: list[str], not_names: set[str], organisation: set[str]
) -> str | None:
    """The person a run of capitalised words names after a title: "Treasurer Jim
    Chalmers", "Manpower Minister Tan See Leng", "Hong Kong's Financial Secretary Paul
    Chan Mo-po", "Minister for Finance Lawrence Wong" (a portfolio after "for" or
    "of", then the name: its last two words, or three when the last is hyphenated)."""
    for title in titles:  # longest first
        at = name.find(title + " ")
        if at < 0 or (at > 0 and name[at - 1] != " "):
            continue
        person = name[at + len(title) + 1 :].split()
        if person and person[0] in ("for", "of"):
            size = 3 if "-" in person[-1] else 2
            person = person[-size:] if len(person) > size + 1 else []
        if (
            len(person) < 2
            or person[0] in not_names
            or not organisation.isdisjoint(person)
            or any(word[:1].islower() for word in person)
        ):
            return None
        return " ".join(person)
    return None


@cache
def _bare_names(names: tuple[str, ...]) -> re.Pattern[str]:
    """ "the Government", "the Chancellor": a sponsor named by its office alone."""
    body = "|".join(
        f"[{re.escape(n[0].lower())}{re.escape(n[0])}]{re.escape(n[1:])}"
        for n in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:[Tt]he|[Oo]ur)\s+({body})\b(?!\s+[A-Z])")


def _tidy_names(names: list[str]) -> list[str]:
    """Names less those that are part of a longer one found too."""
    return [n for n in names if not any(n != m and n in m for m in names)]


def _sponsors_zh(text: str, folded: str) -> tuple[str, ...]:
    """Who the sentence says acts, as written: organisations and people named before
    what they do ("国务院印发", "金管局今日表示", "经济财政司司长戴建业表示"), not a
    name quoted as the thing set up (「北都发展委员会」), one that is a modifier
    ("设立政府产业基金"), or one named inside what someone said."""
    data = words("zh")
    names = data["sponsors"]
    bare = _unquoted_zh(folded)
    said = _pattern(tuple(names["speech"][:6]), False).search(bare)
    found: list[tuple[int, str]] = []
    if said is not None and _speaker_zh(bare[: said.start()], names):
        # "X表示, Y指出...": Y is in what X said; but "X表示, 特区政府会...": the body
        # that X says will act at the head of a clause acts too
        aspect = words("zh")["aspect"]
        markers = tuple(aspect["announced"] + aspect["in_progress"] + aspect["achieved"])
        rest = " " * said.end() + bare[said.end() :]
        for start, name in _organisations_zh(rest, names):
            if rest[start - 1] in "\uff0c," and rest.startswith(markers, start + len(name)):
                found.append((start, text[start : start + len(name)]))
        bare = bare[: said.end()] + " " * (len(bare) - said.end())
    spans: list[range] = []
    for short, full in data["acronyms"].items():
        at = bare.find(short)
        if at >= 0 and _acts_after(bare, at + len(short), names):
            found.append((at, full))
            spans.append(range(at, at + len(short)))
    for start, name in _organisations_zh(bare, names):
        inside = [span for span in spans if start + len(name) - 1 in span]
        if inside and start < inside[0].start:  # "澳门特区政府": not the acronym's
            found = [f for f in found if f[0] != inside[0].start]
        elif inside:  # "特区政府": written out
            continue
        found.append((start, text[start : start + len(name)]))
    for start, name in _people_zh(bare, names):
        found.append((start, text[start : start + len(name)]))
    note = _NOTE_ZH.search(folded)
    if note is not None:  # "(国务院各部门分别负责,...)"
        for part in re.split("[\u3001\uff0c,和及]", note.group(1)):
            if part and part not in names["generic"]:
                found.append((note.start(1) + folded.find(part, note.start(1)), part))
    ordered = [name for _, name in sorted(found)]
    return tuple(dict.fromkeys(_tidy_names(ordered)))


def _speaker_zh(before: str, names: dict[str, Any]) -> bool:
    """Whether the words before a verb of saying name who says it."""
    acronyms = words("zh")["acronyms"]
    return bool(
        _organisations_zh(before, names)
        or _people_zh(before + "表示", names)
        or any(a in before for a in acronyms)
    )


#: Who is responsible, in a note closing a plan's item: "(国务院各部门分别负责" .
_NOTE_ZH = re.compile(
    "[(\uff08]([\u4e00-\u9fff\u3001\uff0c,]{2,40}?)(?:分别|按职责分工|共同)?(?:负责|牵头)"
)


def _unquoted_zh(folded: str) -> str:
    """The text with what is inside 《》「」“”『』 blanked, its length kept: a name
    quoted is the thing named, not who acts."""
    return _QUOTED_ZH.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], folded
    )


_QUOTED_ZH = re.compile(
    "\u300a[^\u300b]*\u300b|\u300c[^\u300d]*\u300d|\u201c[^\u201d]*\u201d|\u300e[^\u300f]*\u300f"
)


def _acts_after(text: str, at: int, names: dict[str, Any]) -> bool:
    """Whether what follows a name at ``at`` makes it one who acts: a verb or a
    function word after it, or the end of a clause."""
    rest = text[at : at + 4]
    if not rest or not _CJK.match(rest):
        return True
    return rest.startswith(_followers_zh())  # "金管局总裁", "金管局年内推出"


@cache
def _followers_zh() -> tuple[str, ...]:
    """What may follow a name that acts: a verb or function word, a title, a word of
    status ("拟", "正在", "已经"), an adverb ("积极") or a time ("年内", "今年")."""
    data = words("zh")
    names, aspect = data["sponsors"], data["aspect"]
    return tuple(
        names["followers"]
        + names["titles"]
        + names["times"]
        + names["addressing"]
        + [w for w in aspect["announced"] + aspect["in_progress"] + aspect["achieved"]]
        + data["status"]["exploring"]
        + data["cues"]["adverbs"]
    )


_CUT_ZH = re.compile(r"(?:的|和|与|及|由|将|在|对|向|为|于|是|了|会同|联合|\s)")
#: Where a name may begin: after a stop, a mark or a function word ("近日, 国务院",
#: "由省发展改革委牵头", "中国人民银行与香港金融管理局"), not inside a phrase ("支持粤港
#: 澳大湾区建设...中心").
_NAME_AFTER_ZH = frozenset(
    "\uff0c,\uff1b;\u3002\uff1a:\u3001\uff08(\uff09)\u300c\u300d\u300a\u300b\u201c\u201d \n"
    "的和与及由将在对向为于是了经据同"
)
#: Joins inside a name ("商务及经济发展局", "国家发展和改革委员会"), unless what comes
#: before them is a name itself ("国务院及各部门").
_JOIN_ZH = "和与及"


def _organisations_zh(bare: str, names: dict[str, Any]) -> list[tuple[int, str]]:
    """The organisations named as who acts: a name that begins where a name may (a
    stop, a mark, a function word, a time word before it) and ends on an
    organisation's ending, with a verb or a word of status after it (the shortest
    such: "中国人民银行与..."); not one a verb acts on ("授权政府")."""
    endings = tuple(sorted(names["organisation"], key=len, reverse=True))
    times = tuple(names["times"])
    alternatives = "|".join(re.escape(e) for e in endings)
    ends = {m.start() + len(m.group(1)) for m in re.finditer(f"(?=({alternatives}))", bare)}
    found: list[tuple[int, str]] = []
    taken = 0
    for run in _CJK_RUN.finditer(bare):
        for start in range(run.start(), run.end() - 1):
            if start < taken:
                continue
            if (
                start
                and bare[start - 1] not in _NAME_AFTER_ZH
                and not bare.endswith(times, 0, start)
            ):
                continue
            if _CUT_ZH.match(bare, start):
                continue  # "会同前海管理局": a partner's name begins after 会同
            taken = (
                _name_at_zh(bare, start, min(run.end(), start + 14), ends, found, names) or taken
            )
    return found


_CJK_RUN = re.compile("[\u3400-\u9fff]+")


def _name_at_zh(
    bare: str,
    start: int,
    limit: int,
    ends: set[int],
    found: list[tuple[int, str]],
    names: dict[str, Any],
) -> int:
    """The shortest organisation's name at ``start`` that acts, added to ``found``;
    where it ends (0 for none)."""
    endings = tuple(names["organisation"])
    verbs = _pattern(
        tuple(words("zh")["cues"]["actions"] + ["授权", "指导", "安排"] + names["addressing"]),
        False,
    )
    nominal = tuple(words("zh")["cues"]["nominal"])
    for size in range(2, limit - start + 1):
        name = bare[start : start + size]
        if name[-1] in "的将在对向为于是了由":
            break
        if start + size not in ends:
            continue
        if bare.startswith(tuple(names["not_endings"]), start + size - 2) or bare.startswith(
            tuple(names["not_endings"]), start + size - 1
        ):
            continue
        if any(j in name[:-1] and _ends_as_name(name[: name.index(j)], endings) for j in _JOIN_ZH):
            break  # "国务院及各部门": two names
        acted_on = [v for v in verbs.finditer(name) if not v.group(0).startswith(nominal)]
        if acted_on:
            break  # "加快建设国际科技创新中心", "授权政府", "建议政府": what is acted on
        if not _acts_after(bare, start + size, names):
            continue
        if found and found[-1][0] + len(found[-1][1]) == start and name.startswith(("各", "有关")):
            found[-1] = (found[-1][0], found[-1][1] + name)  # "国务院" + "各部门"
        elif name not in names["generic"]:
            found.append((start, name))
        return start + size
    return 0


def _ends_as_name(part: str, endings: tuple[str, ...]) -> bool:
    return len(part) >= 2 and part.endswith(endings)


def _people_zh(bare: str, names: dict[str, Any]) -> list[tuple[int, str]]:
    """An office and a name before what they said ("经济财政司司长戴建业表示"), a name
    and a title ("李家超行政长官表示"), or a title alone ("行政长官主持")."""
    titles = "|".join(re.escape(t) for t in sorted(names["titles"], key=len, reverse=True))
    speech = "|".join(re.escape(v) for v in names["speech"] + names["addressing"])
    endings = tuple(names["organisation"])
    found: list[tuple[int, str]] = []
    pattern = (
        f"(?:[\u4e00-\u9fff]{{0,10}}?(?:{titles})(?:[\u4e00-\u9fff]{{2,3}}?)?"
        f"|[\u4e00-\u9fff]{{2,3}}(?:{titles})|(?:{titles}))(?={speech})"
    )
    for match in re.finditer(pattern, bare):
        name, start = match.group(0), match.start()
        while (cut := _CUT_ZH.search(name)) is not None:
            if cut.group(0) in _JOIN_ZH and not _ends_as_name(name[: cut.start()], endings):
                break  # "商务及经济发展局局长": one office
            start += cut.end()
            name = name[cut.end() :]
        if len(name) >= 2:
            found.append((start, name))
    return found


def _title_sponsors_zh(title: str | None) -> tuple[str, ...]:
    """Who a Chinese article's title says speaks or issues it: an office it names
    ("《行政长官2025年施政报告》"), the speaker before a colon ("戴建业: ..."), the
    issuer before 关于 ("国务院关于...的意见")."""
    if not title or not _CJK.search(title):
        return ()
    folded = fold(title)
    names = words("zh")["sponsors"]
    found: list[str] = []
    speaker = re.match("([\u4e00-\u9fff]{2,12})[\uff1a:]", folded)
    if speaker is not None:
        found.append(title[: speaker.end(1)])
    issuer = re.match("([\u4e00-\u9fff]{2,12}?)关于", folded)
    if issuer is not None:
        found.append(title[: issuer.end(1)])
    for office in sorted(names["titles"], key=len, reverse=True):
        at = folded.find(office)
        if at >= 0 and len(office) >= 4 and not any(office in f for f in found):
            found.append(title[at : at + len(office)])
    return tuple(dict.fromkeys(_tidy_names(found)))


def _places(lowered: str, sponsors: tuple[str, ...], zh: bool) -> tuple[str, ...]:
    data = words("places")
    found: list[str] = []
    if zh:
        found = _places_zh(lowered)
    for place, names in data["names"].items():
        if not zh and _has(lowered, names, zh):
            found.append(place)
    for place, names in data["organisations"].items():
        if any(_has(s.lower(), names, zh) for s in sponsors):
            found.append(place)
    if "Greater Bay Area" in found and "Mainland China" in found and not zh:
        found.remove("Mainland China")
    return tuple(dict.fromkeys(found))


def _places_zh(folded: str) -> list[str]:
    """The places a Chinese text names, each word read once, the longest first:
    "澳门特区政府" is Macao's, not "特区政府" (Hong Kong's)."""
    named = [
        (match.start(), match.end(), place)
        for place, names in words("places")["names"].items()
        for match in _find(folded, names, True)
    ]
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for start, end, place in sorted(named, key=lambda n: (n[0] - n[1], n[0])):
        if not any(start < e and s < end for s, e in taken):
            taken.append((start, end))
            found.append((start, place))
    return list(dict.fromkeys(place for _, place in sorted(found)))


def _main_place(folded: str) -> str | None:
    """The place the article names most."""
    zh = bool(_CJK.search(folded))
    lowered = folded if zh else folded.lower()
    counts: Counter[str] = Counter()
    for place, names in words("places")["names"].items():
        counts[place] += len(_find(lowered, names, zh))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


def _tags(lowered: str, zh: bool) -> tuple[str, ...]:
    return tuple(tag for tag, names in words("tags")["tags"].items() if _has(lowered, names, zh))


def _kind(lowered: str, zh: bool) -> str:
    for kind, names in words("zh" if zh else "en")["kinds"].items():
        if _has(lowered, names, zh):
            return str(kind)
    return "measure"


# -- titles ----------------------------------------------------------------------------

#: Where a title taken from a sentence ends.
_TITLE_END = re.compile(
    r",(?!\d{3})|[;:(\u2014\u2013]| - | (?:which|that|who|so that|in order to|aimed at|aiming to|"
    r"with a view to|while|as well as|including|such as|through|aiming|to leverage|"
    r"to ensure|to help|to support|to promote|in a bid|and (?:this|these|those|it|they))\b"
)
_STOP_TAIL = re.compile(
    r"(?:\s+(?:the|a|an|and|of|for|to|in|on|with|by|at|its|their|from|that|which|who))+$",
    re.IGNORECASE,
)
_ARTICLES = re.compile(r"\b(?:the|a|an)\s+", re.IGNORECASE)
_DETERMINER = re.compile(r"\b(?:a|an|the|its|their|new|his|her|our)\s+")


def _title(
    text: str,
    window: Window | None,
    names: tuple[str, ...] = (),
    funding: re.Match[str] | None = None,
) -> str:
    """A short analyst-style title: the action and what it acts on ("Launch
    dual-qualification bridging programme"), or the amount and what it is for ("$1.9
    billion for Western Sydney rail"), without the deadline."""
    if funding is not None:
        amount = _AMOUNT.search(text, funding.start())
        if amount is not None:
            rest = text[amount.start() :]
            boundary = _FUNDING_END.search(rest, 4)
            rest = rest[: boundary.start()] if boundary is not None else rest
            return _STOP_TAIL.sub("", _ARTICLES.sub("", _clip(rest, 14))).strip(" .")
    if window is not None and window.text in text:
        cut = text.index(window.text)
        end = cut + len(window.text)
        if (before := _DATE_PREPOSITION.search(text, 0, cut)) is not None:
            cut = before.start()  # "open on 1 March": the preposition goes with its day
        text = text[:cut] + text[end:]
    if (reported := _REPORTING.search(text)) is not None and len(
        text[reported.end() :].split()
    ) > 2:
        text = text[reported.end() :]  # "X announced that a fund would be set up": the fund
    lowered = _ASIDE.sub(lambda m: " " * len(m.group(0)), _masked(text.lower(), names, text))
    if (passive := _passive_title(text, lowered)) is not None:
        return passive
    if (obliged := _obligation_title(text, lowered)) is not None:
        return obliged
    verbs = _inflected(tuple(words("en")["cues"]["actions"]))
    objects = _plural(tuple(words("en")["cues"]["objects"]))
    action = next(
        (m for m in _find(lowered, verbs, False) if not _modifier(lowered, m, objects)), None
    )
    governed = _GOVERNED.search(lowered)
    if governed is not None and (action is None or action.start() <= governed.start()):
        # "By aligning markets, the cities aim to accelerate ...": what they aim to do
        verb = _LAST_WORD.search(lowered, governed.start(), governed.end())
        if verb is not None and not verb.group(0).startswith("continu"):
            action = verb
    thing = next(iter(_find(lowered, words("en")["cues"]["objects"], False)), None)
    if (
        thing is not None
        and action is not None
        and thing.start() < action.start()
        and _SUBJECT_THEN_CUE.search(lowered, thing.end(), action.start())
    ):
        thing = None  # "the plan aims to build a hub": what it does, not the plan
    if thing is not None and (action is None or thing.start() < action.start()):
        # "unveiled a three-year action plan for ...": the thing itself, from its
        # determiner (or the word after the verb before it)
        head = _DETERMINER.search(lowered, max(0, thing.start() - 60), thing.start())
        start = head.end() if head is not None else thing.start()
        for later in _DETERMINER.finditer(lowered, start, thing.start()):
            start = later.end()
    elif action is not None:
        start = action.start()
    else:
        return _titled(text)
    rest = text[start:]
    head = re.match(r"\w+", rest.lower())
    described = head is not None and _modifier(rest.lower(), head, objects)  # "licensing regime"
    boundary = _TITLE_END.search(rest, 4)
    if boundary is not None:
        rest = rest[: boundary.start()]
    if (noun := re.match(r"(\w+)\s+of\s+", rest)) and noun.group(1).lower() in _base_forms(
        tuple(words("en")["cues"]["actions"])
    ):
        rest = f"{noun.group(1)} {rest[noun.end() :]}"  # "launch of a programme"
    rest = _ARTICLES.sub("", rest)
    rest = _clip(rest, 10)
    rest = _STOP_TAIL.sub("", rest).strip(" .\u201c\u201d\"'")
    if len(rest.split()) < 2 or _pattern(tuple(words("en")["intransitive"]["verbs"]), True).match(
        rest.lower()
    ):
        # "Applications will open", "the new rules will take effect": the verb alone
        # says nothing; the sentence does
        whole = _MODAL.sub(" ", text)
        boundary = _TITLE_END.search(whole, 4)
        whole = whole[: boundary.start()] if boundary is not None else whole
        rest = _STOP_TAIL.sub("", _ARTICLES.sub("", _clip(whole, 10))).strip(" .\u201c\u201d\"'")
    first, _, others = rest.partition(" ")
    base = _base_forms(tuple(words("en")["cues"]["actions"])).get(first.lower())
    if base is not None and not described:
        rest = f"{base} {others}".strip()  # "launched the zone": "Launch zone"
    return rest[:1].upper() + rest[1:] if rest else _clip(text, 10)


#: What someone reported, after "that" or where it is left out: "the Minister
#: announced (that) small businesses will ...".
_REPORTING = re.compile(
    r"\b(?:announced|said|says|confirmed|stated|revealed|noted|added|indicated|explained|"
    r"declared|promised|pledged|suggested|proposed|recommended|urged|"
    r"told\s+\w+(?:\s+\w+)?)\s+(?:today\s+|yesterday\s+|"
    r"on\s+\w+\s+)?(?:that\s+|(?=(?:the\s+)?(?:[a-z][\w'\u2019-]*\s+){1,4}(?:will|would)\s))"
)
#: A commitment in the passive: "will be launched", "is to be set up", "has been
#: extended"; its participle (and particle) in group 1.
_PASSIVE = re.compile(
    r"(?:\s(?:will|shall|would|ll|must|is to|are to|(?:is|are) (?:expected|set|scheduled|"
    r"planned|due|going) to)\s+(?:\w+ly\s+|also\s+|further\s+|soon\s+|then\s+|now\s+)?be"
    r"|\s(?:has|have) been|\s(?:is|are) being"
    r")\s+(?:\w+ly\s+|also\s+|further\s+|jointly\s+)?([a-z]+(?:\s+(?:up|out|forward|down|off))?)\b"
)
#: Where a clause begins: after a comma, a semicolon, a colon or a dash and a space
#: (not the comma of "10,000").
_CLAUSE_MARK = re.compile(r"[,;:\u2014]\s")
_PRONOUN_SUBJECT = re.compile(r"^(?:it|this|these|that|those|they|which|there|he|she|we)$")


#: An obligation: "all licensed banks must report ...".
_MUST = re.compile(
    r"\s(?:must|will have to|will be required to|are required to|is required to)\s+"
    r"(?!be\s|not\s|have\s)"
)


def _obligation_title(text: str, lowered: str) -> str | None:
    """ "From 2027, all licensed banks must report their climate risks": "Require all
    licensed banks to report their climate risks"."""
    match = _MUST.search(lowered)
    if match is None or _GOVERNED.search(lowered, 0, match.start()) is not None:
        return None
    subject = _subject(text, lowered, match.start())
    if subject is None:
        return None
    return _titled(f"require {subject} to {_until_title_end(text[match.end() :])}")


_MODAL_WORD = re.compile(r"\b(?:will|would|shall|can|could|may|must)\b")
_FINITE = re.compile(r"\s(?:is|are|was|were|has|have|had)\s")


def _subject(text: str, lowered: str, end: int) -> str | None:
    """The words before ``end`` from the clause's start, the first lower-cased when
    only the sentence's start capitalised it; None for a pronoun or a long run."""
    clause = max((m.end() for m in _CLAUSE_MARK.finditer(lowered, 0, end)), default=0)
    if _MODAL_WORD.search(lowered, clause, end):
        # "Hong Kong will have more room and the land supply will be eased": the last
        # clause's subject
        joined = lowered.rfind(" and ", clause, end)
        if joined < 0 or _MODAL_WORD.search(lowered, joined, end):
            return None
        clause = joined + len(" and ")
    if (verb := _FINITE.search(lowered, clause, end)) is not None:
        end = verb.start()  # "construction is under way and will be completed": its subject
    subject = text[clause:end].strip()
    if not subject or _PRONOUN_SUBJECT.match(subject.lower()) or len(subject.split()) > 12:
        return None
    first, _, others = subject.partition(" ")
    if first[1:].islower() and not others[:1].isupper():
        subject = f"{first.lower()} {others}".strip()  # "New legislation": "new legislation"
    return subject


def _until_title_end(rest: str) -> str:
    boundary = _TITLE_END.search(rest)
    return rest[: boundary.start()] if boundary is not None else rest


def _titled(words_: str) -> str:
    """Words as a title: no articles, ten words at most, no dangling stop word, the
    first letter a capital."""
    title = _clip(_ARTICLES.sub("", words_), 10).strip(" .,;\u201c\u201d\"'")
    title = _STOP_TAIL.sub("", title).strip(" .,;\u201c\u201d\"'")
    return title[:1].upper() + title[1:]


def _regular_base(participle: str) -> str | None:
    """The verb of a regular past participle no list names: "eased" -> "ease",
    "relaxed" -> "relax", "scrapped" -> "scrap", "processed" -> "process"; None for
    a word that is no -ed form ("able", "available")."""
    if not participle.endswith("ed") or len(participle) < 5:
        return None
    stem = participle[:-2]
    if stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]  # "scrapped", "stepped"
    if stem[-1] in "csgvzu" and stem[-2] in "aeiounrl" and not stem.endswith("ss"):
        return stem + "e"  # "eased", "raised", "priced", "revised", "charged"
    return stem


def _passive_title(text: str, lowered: str) -> str | None:
    """ "New legislation will be introduced in Parliament": "Introduce new legislation
    in Parliament": the verb in its base form, what it acts on (the subject, from the
    clause's start), and what follows, up to where a title ends."""
    match = _PASSIVE.search(lowered)
    if match is None or _GOVERNED.search(lowered, 0, match.start()) is not None:
        return None
    participle, _, particle = match.group(1).partition(" ")
    base = (
        words("en")["participles"].get(participle)
        or _base_forms(tuple(words("en")["cues"]["actions"])).get(participle)
        or _regular_base(participle)
    )
    if base is None or (base == participle and participle not in words("en")["participles"]):
        return None  # "will be able", "will be open": no act
    subject = _subject(text, lowered, match.start())
    if subject is None:
        return None
    verb = f"{base} {particle}".strip()
    return _titled(f"{verb} {subject}{_until_title_end(text[match.end() :])}")


_BEFORE_ADJECTIVE = re.compile(
    r"\b(?:in|of|for|to|the|a|an|and|with|from|by|among|across|other|more|less)\s+$"
)


def _modifier(lowered: str, verb: re.Match[str], objects: tuple[str, ...]) -> bool:
    """ "a licensing regime", "the funding scheme": an -ing form before a policy object
    describes it, and "in developed countries" an -ed form after a preposition or a
    determiner; neither is the action."""
    if verb.group(0).endswith("ed") and " " not in verb.group(0):
        return _BEFORE_ADJECTIVE.search(lowered, max(0, verb.start() - 8), verb.start()) is not None
    if not verb.group(0).endswith("ing"):
        return False
    following = lowered[verb.end() :].split(None, 1)
    return bool(following) and following[0].strip(".,;:") in objects


@cache
def _base_forms(verbs: tuple[str, ...]) -> dict[str, str]:
    """Each inflected form of the one-word verbs ("launched") to the verb ("launch")."""
    forms: dict[str, str] = {}
    for verb in verbs:
        if " " not in verb:
            for form in _inflected((verb,)):
                forms.setdefault(form, verb)
            forms[verb] = verb
    return forms


_AMOUNT = re.compile(r"(?:A\$|AU\$|US\$|HK\$|S\$|\$|\u00a3|\u20ac|RMB\s?)\s?[\d.,]+", re.I)
_FUNDING_END = re.compile(
    r",(?!\d{3})|[;:(\u2014\u2013]| - | (?:which|that|so that|in order to|to improve)\b"
)


_LAST_WORD = re.compile(r"[a-z]{3,}$")
_MODAL = re.compile(r"\s+(?:will|shall|is to|are to|is expected to|are expected to)\s+")
_DATE_PREPOSITION = re.compile(r"\s(?:on|in|by|from|before|until|at|of)\s+$", re.IGNORECASE)
_SUBJECT_THEN_CUE = re.compile(
    r"\b(?:will|shall|aims? to|plans? to|is to|are to|seeks? to|intends? to|calls? for|"
    r"sets? out|introduces|proposes|is set to|are set to)\b"
)


def _clip(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


# -- Chinese ---------------------------------------------------------------------------

#: A clause of a Chinese sentence ends at a comma, a semicolon, a colon or a stop.
_CLAUSE_ZH = re.compile("[^\\uff0c,\\uff1b;\\u3002\\uff1a:\\uff01\\uff1f]+")
#: The number of a plan's item or heading: "1.", "(一)", "一、", "第二,", "①".
_ENUMERATOR_ZH = re.compile(
    "^\\s*(?:\\d{1,2}[.\\u3001\\uff0e]|[(\\uff08][\\u4e00-\\u9fff\\d]{1,3}[)\\uff09]|"
    "[一二三四五六七八九十]{1,3}\\u3001|第[一二三四五六七八九十]{1,3}[,\\uff0c\\u3001]|"
    "[\\u2460-\\u2473])\\s*"
)
#: A section heading: "一、落实...部署", no stop at its end.
_HEADING_ZH = re.compile(
    "^\\s*(?:[一二三四五六七八九十]{1,3}\\u3001|第[一二三四五六七八九十]{1,3}[章节部])"
)
#: An amount: digits, or Chinese numerals with a unit; a share ("百分之六点九").
_AMOUNT_ZH = re.compile(
    "(?:百分之[零〇一二三四五六七八九十百点]+|[\\d.,]+\\s*(?:%|\uff05|万|亿|元|个百分点)|"
    "[零〇一二三四五六七八九十百千万亿两点]{2,}(?:亿|万|元|个百分点|家|项|名|人|所|宗|座)|"
    "[\\d.,]+\\s*(?:平方公里|人|家|项|名|所|宗|座))"
)
#: "(以下简称《前海总规》)": a short name given, not part of a title.
_SHORT_NAME_ZH = re.compile("[(\\uff08]以下(?:简称|称)[^)\\uff09]*[)\\uff09]")
#: What ends a sentence: a Chinese title ending on none of these is a heading.
_STOP_ZH = "\u3002\uff01\uff1f\uff1b;.!?"


@dataclass(frozen=True)
class _ClauseZh:
    start: int
    end: int
    verb: int  # where its action verb starts, in the sentence
    rank: int  # 0: sets up a thing, 1: acts on a thing, 2: studies or explores, 3: a target


def _candidates_zh(reading: _Reading, sentence: Sentence, folded: str) -> list[Candidate]:
    """The commitments of a Chinese sentence: one a clause that acts on a concrete
    thing ("设立政府产业基金与引导基金", "稳步推进...产业园建设") or studies one
    ("研究建立...机制"), each with its own status when the sentence lists several.
    Left out: statistics (an amount that rose, fell or is forecast, and no
    commitment), history (a date well before the article, or 以来/随后/去年, and no
    word of the future), commentary (体现出...特征), headings, a list's introduction
    ("...如下:") and the article's own headline."""
    data = words("zh")
    cues_zh, status_zh = data["cues"], data["status"]
    text = sentence.text
    sponsors = _sponsors_zh(text, folded)
    named = sponsors or reading.last_sponsors
    if sponsors:
        reading.last_sponsors = sponsors
    line = text.strip()
    bare_line = bool(line) and line[-1] not in _STOP_ZH and len(line) <= 40
    heading = words("zh")["headings"]
    if bare_line and (
        _has(folded, heading["review"], True) or _has(folded, heading["ahead"], True)
    ):
        reading.review = not _has(folded, heading["ahead"], True)  # a title or a heading
    if _not_a_statement_zh(reading, sentence):
        return []
    masked = _masked_zh(folded)
    aims = _has(masked, cues_zh["aims"], True) or (
        _deadline(text, reading) is not None and not _has(masked, cues_zh["forecast"], True)
    )  # "预计今年访港旅客将达到四千五百万人次": a forecast, not a target
    clauses = _clauses_zh(masked, aims and not _has(masked, cues_zh["now"], True))
    if not clauses:
        return []
    cues = {status: _has(masked, status_zh[status], True) for status in STATUSES}
    future = cues["announced"] or cues["proposed"]
    if _has(masked, cues_zh["opinion"], True) and not future:
        return []
    if _has(masked, cues_zh["description"], True):
        return []
    later = _has(masked, status_zh["future"], True) or cues["in_progress"]
    if not later and _past_zh(text, masked, reading):
        return []
    item = _is_item_zh(masked)
    marked = _marker_zh(_lead_zh(masked)) is not None  # "政府正研究...", "当局会探索..."
    started = any(
        masked.startswith(tuple(data["aspect"]["starting"]), c.verb) or c.rank == 2 for c in clauses
    )  # "深圳市试行...制度"
    if not any(cues.values()) and not item and not marked and not started:
        return []
    lead = masked[: clauses[0].start] + masked[clauses[0].start : clauses[0].verb]
    note = _NOTE_ZH.search(masked)
    tail = masked[note.start() :] if note is not None else ""
    found: list[Candidate] = []
    for clause in clauses if len(clauses) > 1 else clauses[:1]:
        own = masked if len(clauses) == 1 else lead + masked[clause.start : clause.end] + tail
        span = (
            text
            if len(clauses) == 1
            else text[: clause.start]
            + text[clause.start : clause.end]
            + text[len(text) - len(tail) :]
        )
        window = _deadline(span, reading)
        before = (masked[clause.start : clause.verb], _lead_zh(masked))
        status = _status_zh(
            own, before, masked[clause.verb : clause.end], clause, window is not None
        )
        reported = (
            status == "announced"
            and reading.review
            and window is None
            and _marker_zh(before[0]) is None
            and _marker_zh(before[1]) is None
        )
        status = "achieved" if reported else status  # an item of the work a review reports
        if status is None:
            continue
        title = _clause_title_zh(text, masked, clause, window)
        score = 0.3 + 0.2 + 0.1
        score += 0.15 if status in ("announced", "proposed", "in_progress") else 0.0
        score += 0.15 if window is not None else 0.0
        score += 0.1 if named else 0.0
        score -= 0.2 if status == "achieved" and not reported else 0.0
        score -= 0.15 if len(text) > 160 else 0.0
        places = _places(folded, named, True) or _home_zh(reading, named)
        part = masked[clause.start : clause.end]
        found.append(
            Candidate(
                title=title,
                kind="proposal" if status == "proposed" else _kind(part, True),
                status=status,
                sponsors=named,
                jurisdictions=places,
                tags=_tags(folded, True),
                deadline=window,
                quote=text,
                start=sentence.start,
                end=sentence.end,
                score=round(max(0.0, min(1.0, score)), 2),
                article=reading.article,
            )
        )
    return found


def _home_zh(reading: _Reading, sponsors: tuple[str, ...]) -> tuple[str, ...]:
    """Where a sentence that names no place is: the publisher's own place when someone
    acts (its government, "政府将..."), else the place the article names most."""
    publisher = fold(reading.article.publisher or "")
    home = _places_zh(publisher)[:1] if sponsors and _CJK.search(publisher) else []
    return tuple(home) or ((reading.place,) if reading.place else ())


def _not_a_statement_zh(reading: _Reading, sentence: Sentence) -> bool:
    """A heading, a list's introduction or the headline: no sentence of its own."""
    text = sentence.text.strip()
    whole = reading.article.text
    if reading.article.title and text == reading.article.title.strip():
        return True
    if text.endswith(("\uff1a", ":")):
        return True  # "...提出部门分工意见如下:"
    if text[-1] in _STOP_ZH:
        return False
    if _HEADING_ZH.match(text):
        return True
    line_start = sentence.start == 0 or whole[sentence.start - 1] == "\n"
    alone = line_start and whole[sentence.end : sentence.end + 2] in ("\n\n", "\n", "")
    before = whole[max(0, sentence.start - 2) : sentence.start]
    return alone and before in ("\n\n", "") and whole.count(text) > 1  # a heading echoing the text


def _masked_zh(folded: str) -> str:
    """The sentence as the cues are looked for in it (its length kept): a verb before
    的 blanked (设立的初衷, 宣布的措施: what was done, said of a thing), words that
    hold an object word but name none, and short names given in brackets."""
    data = words("zh")["cues"]
    masked = _SHORT_NAME_ZH.sub(lambda m: " " * len(m.group(0)), folded)
    for word in data["not_objects"]:
        masked = masked.replace(word, " " * len(word))
    verbs = _pattern(tuple(data["actions"] + words("zh")["status"]["announced"]), False)
    after = "|".join(["的", *(re.escape(m) for m in data["measures"])])

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    return re.sub(f"(?:{verbs.pattern})(?={after})", blank, masked)


def _clauses_zh(masked: str, aims: bool = False) -> list[_ClauseZh]:
    """The clauses that commit to something: an action verb (not inside a quoted name)
    on a concrete thing (a quoted document is one), or a study of an action; not a
    purpose ("为...作出贡献"), a goal ("巩固...地位") nor a statistic. When the
    sentence ``aims``, its first target ("跨境支付规模达到一千亿元以上") too."""
    data = words("zh")["cues"]
    exploring = tuple(words("zh")["status"]["exploring"])
    nominal = tuple(data["nominal"])
    unquoted = _unquoted_zh(masked)
    names = words("zh")["sponsors"]
    named = [
        range(at, at + len(name))
        for at, name in _organisations_zh(unquoted, names) + _people_zh(unquoted, names)
    ]
    found: list[_ClauseZh] = []
    for start, end in _spans_zh(masked):
        lead = _ENUMERATOR_ZH.match(masked, start)
        start = lead.end() if lead is not None else start
        clause, plain = masked[start:end], unquoted[start:end]
        opening = _opening_zh(clause)
        at = clause.find(opening) if opening else -1
        if clause.lstrip().startswith(tuple(data["purpose"] + data["framing"])):
            continue
        founds = _has(plain, data["founding"], True)
        if clause.rstrip().endswith(tuple(data["goals"])) and not founds:
            continue  # "巩固及提升...地位", "强化债券市场": a goal
        verbs = [
            v
            for v in _find(plain, data["actions"], True)
            if (not v.group(0).startswith(nominal) or v.start() == at)
            and not any(start + v.start() in name for name in named)  # "发展局推出"
        ]
        amount = _AMOUNT_ZH.search(clause)
        if amount and aims and _has(clause, data["bounds"], True):
            if not any(c.rank == 3 for c in found):
                found.append(_ClauseZh(start, end, start + max(at, 0), 3))
            continue
        if not verbs:
            continue
        thing = _has(clause, data["objects"], True) or "\u300a" in clause
        thing = thing or (founds and "\u300c" in clause)  # 推出「X」: a named scheme
        studies = (
            opening.startswith(exploring) or verbs[0].group(0).startswith(exploring)
        ) and len(verbs) >= 2
        verb = verbs[0].start()
        if not studies and (explores := _explores_zh(plain[:verb], exploring)) is not None:
            studies, verb = True, explores  # "政府正研究在河套设立...", "会考虑延长..."
        statistic = amount and _has(clause, data["statistic_verbs"], True)
        if statistic and not founds:
            continue  # "经常开支将增加百分之四点八", "较修订预算上升二十二亿元"
        if studies:
            rank = 2
        elif founds and thing:
            rank = 0
        elif thing:
            rank = 1
        else:
            continue
        found.append(_ClauseZh(start, end, start + verb, rank))
    return found


def _explores_zh(head: str, exploring: tuple[str, ...]) -> int | None:
    """Where a word of study or exploration governs the verb after ``head`` ("正研究在
    河套设立", "会考虑延长"): not one that is a noun ("规划研究的", "研究报告")."""
    found = None
    for match in _find(head, exploring, True):
        if match.start() == 0 or head[match.start() - 1] != "\u7684":
            found = match.start()
    return found


def _spans_zh(masked: str) -> list[tuple[int, int]]:
    """Where the clauses are: between commas and stops, and between the items of a list
    of actions ("实施一次系统升级、推出三项新计划")."""
    actions = tuple(words("zh")["cues"]["actions"])
    spans: list[tuple[int, int]] = []
    for match in _CLAUSE_ZH.finditer(masked):
        start = match.start()
        for mark in re.finditer("\u3001", match.group(0)):
            at = match.start() + mark.end()
            if _opening_zh(masked[at : match.end()]).startswith(actions):
                spans.append((start, at - 1))
                start = at
        spans.append((start, match.end()))
    return spans


def _opening_zh(clause: str) -> str:
    """The clause from its first word that is not an adverb or a join ("包括探索...",
    "稳步推进...")."""
    data = words("zh")["cues"]
    skips = tuple(sorted(data["adverbs"] + data["joins"], key=len, reverse=True))
    rest = clause.strip()
    while rest.startswith(skips):
        rest = rest[len(next(a for a in skips if rest.startswith(a))) :]
    return rest


def _past_zh(text: str, masked: str, reading: _Reading) -> bool:
    """Whether the sentence tells of the past: a date that ended a year or more before
    the article, or a word of history (以来, 随后, 去年)."""
    if _has(masked, words("zh")["status"]["past"], True):
        return True
    if reading.article.published is None:
        return False
    try:
        found = find_windows(text, reading.reference)
    except Exception:  # a reader's refusal: no date to go by
        return False
    return any((reading.reference - one.window.latest).days > 365 for one in found)


def _is_item_zh(masked: str) -> bool:
    """A plan's item: it opens with its verb ("成立...", "1.稳步推进..."), no subject."""
    data = words("zh")
    rest = masked.strip()
    lead = _ENUMERATOR_ZH.match(rest)
    rest = _opening_zh(rest[lead.end() :] if lead is not None else rest)
    return rest.startswith(tuple(data["cues"]["actions"] + data["status"]["exploring"]))


def _status_zh(
    cues_text: str, before: tuple[str, str], clause: str, found: _ClauseZh, upcoming: bool
) -> str | None:
    """A clause's status: proposed when someone suggests or studies it; else the aspect
    marker nearest before its verb, in the clause or else before the sentence's first
    verb ("特区政府已推出": achieved, "将继续推进": under way, "拟设立": announced); else
    what follows the verb ("推出了", "建设推进中", "正式启用": done unless a deadline
    is to come); else the sentence's cues.
    None when the clause is negated ("不会推出", "未有计划设立")."""
    status_zh, aspect = words("zh")["status"], words("zh")["aspect"]
    own, lead = before
    if _has(own, aspect["negation"], True) or (
        not own.strip() and _has(lead, aspect["negation"], True)
    ):
        return None
    cues = {status: _has(cues_text, status_zh[status], True) for status in STATUSES}
    future = cues["announced"] or cues["proposed"]
    if found.rank == 2 or cues["proposed"]:
        return "proposed"
    marker = _marker_zh(own) or _marker_zh(lead)
    verb = _opening_zh(clause)
    verb = "正式" + verb if own.rstrip().endswith("正式") else verb  # "正式推出"
    if marker == "achieved":
        return "in_progress" if verb.startswith(tuple(aspect["starting"])) else "achieved"
    if marker is not None:
        return marker
    if re.match("[\u4e00-\u9fff]{1,3}了", verb) or _has(clause, aspect["ongoing"], True):
        return "achieved" if "了" in verb[:4] else "in_progress"
    to_come = upcoming or _has(own + lead, status_zh["future"], True)
    if verb.startswith(tuple(aspect["starting"])) and not to_come:
        return "in_progress"  # "深圳市试行...制度"
    if verb.startswith(tuple(aspect["completed"])) and not to_come:
        return "achieved"
    if cues["in_progress"]:
        return "in_progress"
    if cues["achieved"] and not future:
        return "achieved"
    return "announced"


def _lead_zh(masked: str) -> str:
    """The sentence's subject and the words before its first verb ("经财团队将扎实"
    of "经财团队将扎实推动..., 稳步推进..."): what each of its clauses carries."""
    first = _CLAUSE_ZH.search(masked)
    if first is None:
        return ""
    verb = _pattern(tuple(words("zh")["cues"]["actions"]), False).search(
        masked, first.start(), first.end()
    )
    return masked[: verb.start() if verb is not None else first.end()]


def _marker_zh(before: str) -> str | None:
    """The status the aspect marker nearest the end of ``before`` says ("将", "正在",
    "已经"...), not one inside another word ("会" of "委员会", "正" of "正式")."""
    aspect = words("zh")["aspect"]
    for word in aspect["not_markers"]:
        before = before.replace(word, " " * len(word))
    best: tuple[int, str] | None = None
    for status in ("announced", "in_progress", "achieved"):
        for match in _find(before, aspect[status], True):
            if best is None or match.start() > best[0]:
                best = (match.start(), status)
    return best[1] if best is not None else None


def _clause_title_zh(text: str, masked: str, clause: _ClauseZh, window: Window | None) -> str:
    """The clause from its verb: the verb and what it acts on, without the deadline or a
    short name given in brackets, cut where the clause ends and never inside a quoted
    name; a document named before its verb comes after it ("《X》印发": 印发《X》)."""
    start, end = clause.verb, clause.end
    if masked.startswith(tuple(words("zh")["aspect"]["ongoing"]), start) and start > clause.start:
        start, end = clause.start, clause.verb  # "前海合作区建设推进中": what is under way
    before = masked[clause.start : clause.verb].strip()
    named = re.fullmatch("(?:近日|日前|今日|昨日|近期)?\\s*(\\u300a[^\\u300b]+\\u300b)\\s*", before)
    keep = [i for i in range(start, end) if masked[i] != " " or text[i] == " "]
    title = "".join(text[i] for i in keep)
    quoted = _unquoted_zh(title)
    if window is not None and window.text in quoted:  # not out of a quoted name
        at = quoted.index(window.text)
        title = title[:at] + title[at + len(window.text) :]
    title = re.sub("^([\u4e00-\u9fff]{2,4})了(?=\u300a)", "\\1", title)  # 印发了《X》
    title = re.sub("^[\\u5230\\u81f3\\u4e8e\\u5728](?=\\S)", "", title).strip()
    if named is not None:
        offset = clause.start + masked[clause.start : clause.verb].index(named.group(1))
        title = title + text[offset : offset + len(named.group(1))]
    return _clip_zh(title, 24)


def _clip_zh(title: str, count: int) -> str:
    """``title`` cut at ``count`` characters, never inside a quoted name (it is kept
    whole), without a dangling word."""
    if len(title) <= count:
        return title.strip()
    pairs = {
        "\u300a": "\u300b",
        "\u300c": "\u300d",
        "\u201c": "\u201d",
        "\u300e": "\u300f",
        "(": ")",
        "\uff08": "\uff09",
    }
    cut = count
    for at, char in enumerate(title[:count]):
        if char in pairs:
            close = title.find(pairs[char], at)
            if close < 0 or close >= count:
                cut = close + 1 if close > 0 else at  # an unclosed name: before it
                break
    return title[:cut].rstrip("\u3001\u548c\u53ca\u4e0e\u7684 ").strip()
