"""Which line starts of a document are speaker labels.

Every line start that looks like a label is a *candidate*, in one of these
styles:

- ``colon``: ``I:``, ``Frau K.:``, ``问：`` (full-width colon), and ``bold``:
  ``**Interviewer:**``;
- ``bracket``: ``[Anna]``; ``angle``: ``au>`` and Markdown-escaped ``張\\>``;
- the layouts of transcription services, which put a time beside the name:
  ``otter`` (``Jane Doe  00:03`` alone on its line, the text below it),
  ``rev`` (``Speaker 1 (00:01:03):``) and ``trint`` (``Jane Doe [00:01:03]``);
- a time first, then a label with a colon (``[00:00:03] Speaker 0:``, and with
  the time the turn ends, ``[00:00:15 → 00:01:02] **Li Wei:**``): a ``colon``
  or ``bold`` label with its times.

A label transcribers commonly use (``I``, ``B2``, ``受访者``) counts in any
style from its first use. Otherwise a document has its own label style: the
style of most of its labels that recur or are common ones. Within
that style a name that opens a single turn is a label too when it looks like
the document's other labels (the same shape of words: ``Automation`` beside
``Chair``, not ``Zum Beispiel`` beside ``Frau K.``), is numbered
(``Committee 1``), or starts with a form of address (``Ms. Okafor``). A name
beside a time is unmistakable: every one counts. A time first is not: what
follows it up to a colon may be a sentence (``[00:01:02] Die Frage ist: …``),
so such a label is judged as the same label without the time is.

The points of an enumeration (``Erstens:``, ``第一：``) are never labels, and a
Chinese line that opens with a clause and a colon (``我的问题是：``) is no label
that speaks once.

Lines before the first recurring label that name a date, a place or a
participant (``Interviewerin: K. Weiß; Datum: …``, ``受访者：社区工作人员（女）``)
are the transcript's header, not turns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from interviewkit.transcripts.names import (
    ADDRESS_WORDS,
    CLAUSE_ENDINGS,
    ENUMERATION_WORDS,
    HEADER_KEYS,
    NAME_PATTERN,
    PROSE_WORDS,
    REMARKS,
    SPEECH_CHARACTERS,
    Label,
    is_known_label,
    normalize_label,
)

_WORD = r"[\w.'’\-]+"
#: A name beside a time: up to four words (``Dr. Jane M. Doe  00:03``).
_TIMED_NAME = rf"[^\W\d_][\w.'’\-]*(?:[ ]{_WORD}){{0,3}}"
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
#: What a transcriber adds in brackets after a name: a role, an abbreviation, age and
#: sex (``Befragter (m, 54):``, ``Interviewer (I):``, ``受访者（王，女）：``); not a time.
_ASIDE = r"[ \t]?[(（][^()（）\n:：]{1,40}[)）]"
#: What follows a time of day, not a name ("08:00 Uhr: Frühstück", "7:30 am: …").
_CLOCK_WORDS = r"(?:uhr|Uhr|am|pm|AM|PM|a\.m\.|p\.m\.|h|hrs?|点|點|时|時)\b"
#: A time of a recording, with hours: "00:00:08", "1:02:07.5".
LONG_TIME = r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
#: Between the time a turn starts and the time it ends: "00:00:15 → 00:01:02".
UNTIL = r"[ \t]*(?:→|-->|->|–|-)[ \t]*"
#: A time first, in brackets or parentheses, perhaps with the time the turn ends; or
#: bare, before a blank (not before "Uhr").
_STAMP = (
    rf"(?:[\[(](?P<stamped_time>{TIME})"
    rf"(?:{UNTIL}(?P<stamped_until>{TIME}))?[\])]"
    rf"|(?P<stamped_bare>{TIME})(?=[ \t]+(?!{_CLOCK_WORDS})))"
)
#: A time and a name alone on a line, the text below (Word's transcription: "00:00:00
#: Speaker 1"; Happy Scribe: "[00:00:00.00] - Speaker 1"); bare, only a time with hours
#: ("09:00 Ankunft" in field notes is no speaker).
_HEADED = (
    rf"(?:[\[(](?P<headed_time>{TIME})(?:{UNTIL}{TIME})?[\])]"
    rf"|(?P<headed_bare>{LONG_TIME}))[ \t]+(?:[-–][ \t]*)?(?!{_CLOCK_WORDS})"
    rf"(?P<headed>{NAME_PATTERN})[ \t]*(?=\n|$)"
)
#: Searched in ``"\n" + text``: the literal newline lets the regex engine skip from
#: line to line instead of trying every character.
_TIMED_CANDIDATES = (
    rf"(?P<otter>{_TIMED_NAME})[ \t]+(?P<otter_time>{TIME})[ \t]*(?=\n|$)"
    rf"|(?P<rev>{_TIMED_NAME})[ \t]+\((?P<rev_time>{TIME})\)[ \t]*:"
    rf"|(?P<trint>{_TIMED_NAME})[ \t]+\[(?P<trint_time>{TIME})\][ \t]*:?(?=\s|$)"
    rf"|{_STAMP}[ \t]*(?P<stamped_bold>\*\*)?(?P<stamped>{NAME_PATTERN})"
    rf"(?P<stamped_aside>{_ASIDE})?(?:\*\*)?[ \t]*"
    r"(?::(?:\*\*)?(?=\s|$)|：(?:\*\*)?)"
    rf"|{_HEADED}"
)
_UNTIMED_CANDIDATES = (
    rf"(?P<bold>\*\*)?(?P<colon>{NAME_PATTERN})(?P<colon_aside>{_ASIDE})?(?:\*\*)?[ \t]*"
    r"(?::(?:\*\*)?(?=\s|$)|：(?:\*\*)?)"
    # the time after the label (Sonix: "Interviewer: [00:00:03] …")
    rf"(?:[ \t]*[\[(](?P<colon_time>{TIME})[\])](?=\s|$))?"
    rf"|\[(?P<bracket>{NAME_PATTERN})\](?:[ \t]*[:：])?"
    # the time of day after it, the text below (Zoom's saved captions: "[Anna Li] 14:02:11")
    rf"(?:[ \t]+(?P<bracket_time>{LONG_TIME})(?=[ \t]*(?:\n|$)))?(?=\s|$)"
    # the same with a name as Zoom shows it, family name first: "[Hoffmann, Julia] 14:02:11"
    rf"|\[(?P<captioned>{NAME_PATTERN},[ ]{NAME_PATTERN})\]"
    rf"[ \t]+(?P<captioned_time>{LONG_TIME})(?=[ \t]*(?:\n|$))"
    # Chinese lenticular brackets, the text right after them: 【问】您好。
    rf"|【(?P<lenticular>{NAME_PATTERN})】[:：]?"
    rf"|(?P<angle>{NAME_PATTERN})\\?>(?=\s|$)"
)
_CANDIDATE = re.compile(rf"\n[ \t]*(?:{_TIMED_CANDIDATES}|{_UNTIMED_CANDIDATES})")
#: The same without the timed styles, for a text in which no time is written: every
#: line start is then spared four attempts that must fail.
_UNTIMED_CANDIDATE = re.compile(rf"\n[ \t]*(?:{_UNTIMED_CANDIDATES})")
_ANY_TIME = re.compile(r":\d\d")  # starts with a literal: the engine skips to each colon
#: Styles with a name beside a time: every label counts.
TIMED_STYLES = ("otter", "rev", "trint")
#: The style of a match from its last group (a timed label ends with its time; a label
#: with the time first is a colon or bold label, see :func:`candidates`).
_LAST_GROUP = {
    **{f"{style}_time": style for style in TIMED_STYLES},
    **{style: style for style in ("colon", "bracket", "angle", "stamped", "headed", "lenticular")},
    "colon_time": "colon",
    "bracket_time": "bracket",
    "captioned_time": "captioned",
    "colon_aside": "colon",
    "stamped_aside": "stamped",
}
#: The groups that may hold a label's time, by the label's group.
_TIME_GROUPS = {
    **{style: (f"{style}_time",) for style in TIMED_STYLES},
    "stamped": ("stamped_time", "stamped_bare"),
    "headed": ("headed_time", "headed_bare"),
    "colon": ("colon_time",),
    "bracket": ("bracket_time",),
    "captioned": ("captioned_time",),
}
MAX_LABEL_LENGTH = 30

_MORE_KEYS = re.compile(r"[;|]\s*[^\W\d_][\w .]{0,20}[:：]")
_SENTENCE_END = tuple('.!?。！？…"“”’»')
#: A line of a header that is a header key and its value ("Dauer: 48 Min."), not a label.
_KEY_LINE = re.compile(r"([^\W\d_][\w .]{0,20})[:：]\s*\S")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df]")


class Candidate(NamedTuple):
    """A line start that may be a speaker label."""

    start: int
    end: int
    speaker: str
    style: str
    #: True at the start of the text or after a blank line.
    paragraph_start: bool
    time: float | None = None
    until: float | None = None
    #: What follows the name in brackets, as written (`` (m, 54)``), or "".
    aside: str = ""

    def label(self) -> Label:
        return Label(self.start, self.end, self.speaker, self.time, self.until)


def candidates(text: str, start: int = 0) -> list[Candidate]:
    """Every line start of ``text[start:]`` that looks like a speaker label."""
    found = []
    shifted = "\n" + text  # offsets one past the text's: the newline is the line start
    search = _CANDIDATE if _ANY_TIME.search(text, start) else _UNTIMED_CANDIDATE
    for match in search.finditer(shifted, start):
        group = _LAST_GROUP[match.lastgroup or ""]
        speaker = match[group].strip()
        style = group
        if group == "stamped":  # a label with a colon, the time first
            style = "bold" if match["stamped_bold"] else "colon"
        elif group == "captioned":  # "[Hoffmann, Julia] 14:02:11": a bracketed name
            style = "bracket"
        elif group == "lenticular":  # 【问】: a label transcribers use (not 【笑】, not 【A】)
            if not is_known_label(speaker) or (len(speaker) < 2 and not _CJK.match(speaker)):
                continue
            style = "bracket"
        if not speaker or len(speaker) > (MAX_LABEL_LENGTH + 10 * (style in TIMED_STYLES)):
            continue
        line_start = match.start()
        if group == "colon" and match["bold"]:
            style = "bold"
        stamp = next((match[g] for g in _TIME_GROUPS.get(group, ()) if match[g]), None)
        time = seconds(stamp) if stamp else None
        until = match["stamped_until"] if group == "stamped" else None
        ends = seconds(until) if until else None
        found.append(
            Candidate(
                line_start,
                match.end() - 1,
                speaker,
                style,
                _after_blank_line(text, line_start, start),
                time,
                ends if ends is not None and time is not None and ends >= time else None,
                (match[f"{group}_aside"] or "") if group in ("colon", "stamped") else "",
            )
        )
    return _told_apart(found)


def _told_apart(found: list[Candidate]) -> list[Candidate]:
    """One label with different asides that name people is different speakers
    (``TN (Herr Meier)``, ``TN (Frau Schulz)``; ``村民（张）``, ``村民（李）``); with one
    aside, or remarks (``B (lacht)``, ``答（笑）``), one speaker."""
    names: dict[str, set[str]] = {}
    for c in found:
        if c.aside and _names_someone(c.aside):
            names.setdefault(c.speaker, set()).add(c.aside.strip())
    if all(len(kinds) < 2 for kinds in names.values()):
        return found
    return [
        c._replace(speaker=c.speaker + c.aside.rstrip())
        if c.aside and len(names.get(c.speaker, ())) > 1 and _names_someone(c.aside)
        else c
        for c in found
    ]


def _inside(aside: str) -> str:
    """What an aside holds, without its brackets: ``Herr Meier`` of `` (Herr Meier)``."""
    return aside.strip()[1:-1].strip()


def _declared(aside: str) -> str:
    """The abbreviation an aside declares (``I`` of ``(I)``, ``B`` of ``(B, m, 54)``), or
    "" if it declares none."""
    first = re.split(r"[,，]", _inside(aside))[0].strip()
    return first if 0 < len(first) <= 4 and first.isalnum() else ""


def _names_someone(aside: str) -> bool:
    """Whether an aside (`` (Herr Meier)``, ``（张）``) names a person rather than
    remarking on how something is said (`` (lacht)``, ``（笑）``)."""
    inner = _inside(aside)
    if not inner or inner.casefold() in REMARKS:
        return False
    return inner[0].isupper() or _CJK.match(inner) is not None


def seconds(stamp: str) -> float:
    """``h:mm:ss``, ``mm:ss`` or ``ss`` (with an optional fraction) in seconds."""
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return round(total, 3)


def _after_blank_line(text: str, line_start: int, start: int) -> bool:
    if line_start <= start:
        return True
    previous = text.rfind("\n", start, line_start - 1)
    return not text[max(previous + 1, start) : line_start - 1].strip()


def accepted(found: Sequence[Candidate], known: frozenset[str] = frozenset()) -> list[Candidate]:
    """The candidates that are labels in the document's own style (see the module text)."""
    found = [
        c
        for c in found
        if normalize_label(c.speaker) not in ENUMERATION_WORDS or is_known_label(c.speaker, known)
    ]
    counts = Counter(c.speaker for c in found)
    kinds = Counter(normalize_label(c.speaker) for c in found)  # asides left out

    def kin(c: Candidate) -> bool:
        """Whether a label with an aside is of a kind that recurs: "B (m, 54)" beside "B",
        "TN (Herr Meier)" beside "TN (Frau Schulz)", "Interviewer (I)" beside "I"."""
        keys = {normalize_label(c.speaker)}
        if abbreviation := _declared(c.aside):
            keys.add(normalize_label(abbreviation))
        return sum(kinds[key] for key in keys) >= 2

    # A label with an aside that stands alone ("A (Anlage): Liste.") is prose.
    common = {
        i: is_known_label(c.speaker, known) and (not c.aside or kin(c)) for i, c in enumerate(found)
    }
    recurring = {i for i, c in enumerate(found) if counts[c.speaker] >= 2 or (c.aside and kin(c))}
    strong = [
        c for i, c in enumerate(found) if c.style in TIMED_STYLES or i in recurring or common[i]
    ]
    if not strong:
        return []
    per_style = Counter(c.style for c in strong)
    timed = sum(n for style, n in per_style.items() if style in TIMED_STYLES)
    if timed >= 2 or (timed and timed == len(strong)):
        return [c for c in found if c.style in TIMED_STYLES]
    for style in TIMED_STYLES:
        per_style.pop(style, None)
    if not per_style:
        return []
    top = max(per_style.values())
    styles = {style for style, n in per_style.items() if n * 2 >= top}
    shapes = {shape(speaker) for speaker in {c.speaker for c in strong if c.style in styles}}
    in_paragraphs = {
        style: sum(c.paragraph_start for c in strong if c.style == style) >= 0.8 * per_style[style]
        for style in styles
    }
    return [
        c
        for i, c in enumerate(found)
        if common[i]
        or (
            c.style in styles
            and (i in recurring or _speaks_once(c, shapes, needs_paragraph=in_paragraphs[c.style]))
        )
    ]


def _speaks_once(c: Candidate, shapes: set[tuple[str, ...]], *, needs_paragraph: bool) -> bool:
    """Whether a name that opens one turn only is a speaker."""
    if needs_paragraph and not c.paragraph_start:
        return False
    words = c.speaker.casefold().split()
    if c.speaker.casefold() in PROSE_WORDS or words[0].rstrip(".") in PROSE_WORDS:
        return False
    if words[0].rstrip(".") in ADDRESS_WORDS and len(words) > 1:
        return True
    if len(words) > 1 and words[-1].isdigit():
        return True
    if c.aside or "/" in c.speaker or "*" in c.speaker:
        return False  # "Problem (leider):", "Bürger/innen:" once: prose
    sentence = not SPEECH_CHARACTERS.isdisjoint(c.speaker) or c.speaker.endswith(CLAUSE_ENDINGS)
    if sentence and len(c.speaker) > 1 and _CJK.match(c.speaker):
        return False  # "我的问题是：" once: a sentence
    return shape(c.speaker) in shapes


def shape(name: str) -> tuple[str, ...]:
    """The shape of a name's words: ``Frau K.`` is (T, A), ``Zum Beispiel`` (T, T)."""
    return tuple(_word_shape(word) for word in name.split())


def _word_shape(word: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return "N"
    if _CJK.match(word):
        return "H"
    if len(letters) == 1 and word[0].isupper():
        return "A"  # an initial or a letter label: K., I, B1
    if word.isupper():
        return "C"
    return "T" if word[0].isupper() else "L"


def without_header_lines(labels: list[Candidate], text: str) -> list[Candidate]:
    """Labels, without the header lines among those before the first recurring label.

    A header line names a speaker only once and says something about the
    interview: its key is a header word (``Datum``, ``时间``), its one line
    holds more keys (``Interviewerin: K. Weiß; Datum: 12.03.2024``), or it
    describes a role the dialogue does not use as a label, in one line that
    does not end like a sentence (``Befragte: Sachbearbeiterin, seit 2015``),
    perhaps followed by lines of header keys (``Dauer: 48 Min.``).
    """
    while (block := _header_block(labels, text)) and block < len(labels):
        labels = labels[block:]
    counts = Counter(c.speaker for c in labels)
    first = next((i for i, c in enumerate(labels) if counts[c.speaker] >= 2), None)
    if first is None:
        return labels
    dialogue = {normalize_label(c.speaker) for c in labels if counts[c.speaker] >= 2}
    header = 0
    for i, label in enumerate(labels[:first]):
        content = text[label.end : labels[i + 1].start]
        if label.style in TIMED_STYLES or not _header_line(label, content, dialogue):
            break
        header = i + 1
    return labels[header:]


def _header_block(labels: list[Candidate], text: str) -> int:
    """How many labels open a header block written with the dialogue's own labels.

    The first lines, one after another with a blank line after them, each a label
    that opens one line only and none twice, none a sentence but a header key's:
    one of them a header key (``Interviewerin: K. Weiß`` / ``Befragte:
    Sachbearbeiterin`` / ``Datum: …``), or each declaring the abbreviation the
    dialogue uses (``Interviewerin (I): Katrin Weiß`` / ``Befragte (B): …`` and then
    ``I:`` / ``B:``): a header, though its labels recur in the dialogue below.
    ``Datum: …`` above a first question (``Interviewerin: Guten Tag, schön, dass Sie da
    sind.``) is no such block. 0: no such block.
    """
    seen: set[str] = set()
    keyed = False
    declared: set[str] = set()  # the abbreviations a legend declares
    legend = True
    for i, label in enumerate(labels):
        if i and label.paragraph_start:  # a blank line ends the block
            if i < 2 or not (keyed or legend):
                return 0
            used = {normalize_label(c.speaker) for c in labels[i:]}
            return i if keyed or declared <= used else 0
        stop = labels[i + 1].start if i + 1 < len(labels) else len(text)
        content = text[label.end : stop].strip()
        if not content or "\n" in content or label.speaker in seen:
            return 0
        seen.add(label.speaker)
        key = normalize_label(label.speaker) in HEADER_KEYS
        if not key and content.endswith(_SENTENCE_END):
            return 0  # a turn
        keyed = keyed or key
        abbreviation = _declared(label.aside) if label.aside else ""
        legend = legend and bool(abbreviation)
        declared.add(normalize_label(abbreviation))
    return 0


def _header_key_line(line: str) -> bool:
    """Whether ``line`` is a header key and its value ("Dauer: 48 Min."), not speech."""
    match = _KEY_LINE.match(line.strip())
    return match is not None and normalize_label(match[1]) in HEADER_KEYS


def _header_line(label: Candidate, content: str, dialogue: set[str]) -> bool:
    key = normalize_label(label.speaker)
    if key in HEADER_KEYS:
        return True
    content = content.strip().rstrip("*").strip()
    first, _, rest = content.partition("\n")
    if rest and all(_header_key_line(line) for line in rest.split("\n") if line.strip()):
        content = first.strip()  # more header lines follow: "Dauer: 48 Min."
    if not content or "\n" in content or len(content) > 160:
        return False
    if _MORE_KEYS.search(content):
        return True  # "K. Weiß; Datum: 12.03.2024; Ort: Bonn"
    # A role described, not speaking: "Befragte: Sachbearbeiterin, seit 2015 im Amt".
    return (
        is_known_label(label.speaker)
        and key not in dialogue
        and sum(ch.isalpha() for ch in key) >= 2
        and not content.endswith(_SENTENCE_END)
    )


def known_names(names: Iterable[str]) -> frozenset[str]:
    """Names (as the user or the front matter gives them) in the form labels are compared."""
    return frozenset(normalize_label(n) for n in names if n.strip())
