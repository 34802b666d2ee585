"""Speaker names: the labels transcribers commonly use, the words that tell a label from
prose or a header, and how labels are compared."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

#: A word of a name; German gender forms keep their slash or star (``Befragte/r``,
#: ``Interviewer*in``).
_WORD = r"[\w.'’\-]+(?:[/*]\w+)*"
#: A speaker name: 1-3 words starting with a letter (``B1``, ``Frau K.``, ``受访者``).
NAME_PATTERN = rf"[^\W\d_][\w.'’\-]*(?:[/*]\w+)*(?:[ ]{_WORD}){{0,2}}"


def words(*lines: str) -> frozenset[str]:
    """The whitespace-separated words of ``lines``, as a set."""
    return frozenset(" ".join(lines).split())


#: Labels that count from their first use. Compared case-insensitively,
#: with a trailing number ignored (``B1``, ``Interviewer 2``).
KNOWN_LABELS: frozenset[str] = words(
    "i int interviewer interviewerin interviewee q a f frage antwort r b s",
    "p befragte befragter befragt respondent participant teilnehmer",
    "teilnehmerin tn ip moderator moderatorin researcher forscher forscherin",
    "facilitator 问 問 答 受访者 受訪者 被访者 被訪者 访谈者 訪談者",
    "采访者 採訪者 主持人 记者 記者",
    # gender forms and abbreviations of German transcripts
    "interviewer/in interviewer*in interviewer_in interviewende interv befr",
    "befragte/r befragter/e befragte*r interviewte/r interviewte teilnehmer/in",
    "teilnehmer*in",
    # Chinese: interviewers and respondents under other names
    "访谈员 訪談員 访谈人 訪談人 采访人 採訪人 研究者 研究员 研究員",
    "受访人 受訪人 被访人 被訪人 被采访者 被採訪者 被采访人 被採訪人",
)

#: Labels of the interviewer, compared like :data:`KNOWN_LABELS`: numbered forms
#: (``Researcher 1``, ``I2``) are the interviewer's too.
INTERVIEWER_LABELS: frozenset[str] = words(
    "i int interviewer interviewerin q f frage moderator moderatorin researcher",
    "forscher forscherin facilitator 问 問 访谈者 訪談者 采访者 採訪者 主持人 记者 記者",
    "interviewer/in interviewer*in interviewer_in interviewende interv",
    # IV: the interviewer beside IP, once it recurs (never a label from its first use: see
    # KNOWN_LABELS, where a Roman numeral at a line start would open a turn)
    "iv",
    "访谈员 訪談員 访谈人 訪談人 采访人 採訪人 研究者 研究员 研究員",
)


#: First words that address a person: a name after them is a speaker.
ADDRESS_WORDS = words(
    "mr mrs ms mx dr prof sir madam frau herr fr hr dame councilmember councillor",
    "councilman councilwoman mayor senator chairman chairwoman",
)
#: Words that open the points of an enumeration ("Erstens: …", "第一：…"): never a
#: speaker, however often they recur.
ENUMERATION_WORDS = frozenset(  # as normalize_label compares: case-folded (ß → ss)
    word.casefold()
    for word in words(
        "erstens zweitens drittens viertens fünftens letztens schließlich",
        "firstly secondly thirdly fourthly lastly first second third",
        "第一 第二 第三 第四 第五 第六 第七 第八 第九 第十 其一 其二 其三 一是 二是 三是 四是",
        "首先 其次 再次 最后 最後",
    )
)
#: Characters of Chinese speech that no name or role holds ("我的问题是：", "你看："), and
#: what a clause before a colon ends with ("他说：", "问题是："), not a role ("受访者的丈夫").
SPEECH_CHARACTERS = frozenset("了吗嗎呢吧啊就也都很我你")
CLAUSE_ENDINGS = ("是", "说", "說")
#: Words that open a line of prose with a colon ("Zum Beispiel: …"): never a
#: speaker who speaks once.
PROSE_WORDS = words(
    "beispiel example note notes nb ps hinweis anmerkung achtung wichtig fazit tipp",
    "update edit quelle source siehe see also ergebnis result summary zusammenfassung",
    "link url zum for e.g z.b i.e d.h bzw usw etc",
    "例如 比如 注 注意 备注 備註 说明 說明 网址 網址",
)
#: Keys of header lines: what a transcript's first lines say about the interview.
HEADER_KEYS = words(
    "datum date ort place location dauer duration länge length zeit time uhrzeit thema",
    "topic projekt project interview titel title transkription transkript transcription",
    "transcript transcriber transkribiert aufnahme recording teilnehmende anwesend",
    "attendees participants gesprächspartner gesprächspartnerin interviewpartner",
    "interviewpartnerin interviewnummer pseudonym transkribent transkribentin",
    "时间 時間 日期 地点 地點 时长 時長 主题 主題 题目 題目 项目 項目 参与者 參與者",
    "访谈 訪談 采访 採訪 记录 記錄 访谈记录 訪談記錄 采访记录 採訪記錄 访谈对象 訪談對象",
    "采访对象 採訪對象 编号 編號",
)
#: Remarks a transcriber puts after a label: what the speaker does, not who they are.
REMARKS = words(
    "lacht lächelt zögert seufzt räuspert hustet flüstert leise laut unverständlich pause",
    "laughs laughing smiles pauses sighs coughs whispers inaudible unclear crosstalk",
    "笑 大笑 停顿 沉默 叹气 咳嗽 思考 犹豫 听不清",
)


class Label(NamedTuple):
    """A speaker label: where it starts, where its turn's content may start, who.

    ``time`` is the time a transcription service wrote beside the name, and
    ``until`` the time it wrote for the turn's end, if any. (A named tuple: a
    transcript makes one per turn, and a tuple costs a third of a frozen
    dataclass to make.)
    """

    start: int
    end: int
    speaker: str
    time: float | None = None
    until: float | None = None


_ASIDE_AT_END = re.compile(r"\s*[(（][^()（）]*[)）]$")


@lru_cache(maxsize=4096)
def normalize_label(label: str) -> str:
    """The form in which labels are compared: case-folded, without an aside in brackets
    (``TN (Herr Meier)``) and a trailing number."""
    bare = _ASIDE_AT_END.sub("", label.strip()) or label.strip()
    return re.sub(r"[\s.]*\d*$", "", bare).casefold() or bare.casefold()


def exact_label(label: str) -> str:
    """The form in which a label the user names is compared: case-folded, spaces collapsed.

    Unlike :func:`normalize_label` it keeps the number: ``Speaker 1`` is not ``Speaker 2``.
    """
    return " ".join(label.split()).casefold()


def is_known_label(label: str, extra: frozenset[str] = frozenset()) -> bool:
    """True for labels transcribers commonly use, such as ``I``, ``B2`` or ``受访者``.

    ``extra`` holds more labels, already normalised (see :func:`normalize_label`).
    """
    normalised = normalize_label(label)
    return normalised in KNOWN_LABELS or normalised in extra
