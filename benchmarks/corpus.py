"""Generate a corpus of realistic interview transcripts (de, en, zh) on disk.

Sentences are assembled from phrases officials use when they talk about city
partnerships, mixed with hesitations and small talk, so that the coder meets
the same density of matches and misses as in real interviews.

    python benchmarks/corpus.py OUT_DIR --words 1000000 [--docs 500] [--seed 1] [--new-words 0.1]

The sample sentences repeat, so a large corpus has few distinct words: a
million German words hold about 800 distinct ones (a run between blanks),
where real interviews keep meeting new ones (the real captions in
../shared/realdata hold 1,025 distinct ones in their first 3,050 words, and
that count keeps growing). spaCy's tokenizer answers a word it has seen from
its cache, many times faster than a new one. ``--new-words 0.1`` replaces a
tenth of the answers' words (German, English) by words drawn by their
frequency in spacy-lookups-data's word probabilities, so that the count
keeps growing: about 20,000 distinct German and 13,000 English words in a
million, fewer than the real captions' growth points to, so a cautious choice.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PHRASES = {
    "de": [
        "also ähm die Partnerschaft mit {city} besteht ja schon seit vielen Jahren",
        "wir wissen ehrlich gesagt nicht genau wie dort Entscheidungen getroffen werden",
        "der Hafen und die Güterzüge nach China sind für die Wirtschaft hier enorm wichtig",
        "da war eine Delegation bei uns im Rathaus und wir haben ein Memorandum unterzeichnet",
        "das Wetter war übrigens furchtbar an dem Tag",
        "die Kollegen aus der Verwaltung haben das dann weiter betreut",
        "man muss schon aufpassen was mit den Daten passiert",
        "für das Image der Stadt ist so etwas natürlich nicht schlecht",
        "im Grunde konkurrieren ja alle Städte um dieselben Investoren",
        "es gibt durchaus Potenzial für gemeinsame Projekte in der Forschung",
        "ich weiß nicht mehr genau in welchem Jahr das war",
        "die Hochschulen haben da eine wichtige Vermittlerrolle gespielt",
        "wir haben keine Zweifel an den Verträgen gehabt",
        "die Metropolregion Rhein-Ruhr tritt da manchmal gemeinsam auf",
        "dann gab es Mittagessen und danach noch eine Führung durch die Altstadt",
    ],
    "en": [
        "well, um, the partnership with {city} goes back quite a few years now",
        "honestly we never quite know how decisions are made over there",
        "the rail freight link and the port matter a lot for the local economy",
        "a delegation came to city hall and we signed a memorandum of understanding",
        "the weather was terrible that day, by the way",
        "colleagues from the administration took it from there",
        "you have to be careful about what happens with the data",
        "for the image of the city that kind of thing certainly helps",
        "basically all cities compete for the same investors",
        "there is real potential for joint research projects",
        "I don't remember exactly which year that was",
        "the universities played an important role as intermediaries",
        "we had no doubts about the contracts",
        "the metropolitan region sometimes presents itself jointly",
        "then there was lunch and a tour of the old town",
    ],
    "zh": [
        "嗯，我们和{city}的友好城市关系已经有很多年了",
        "说实话，德方有时候对我们的决策过程不太了解",
        "中欧班列对我们城市的经济发展非常重要",
        "去年有一个代表团来访，我们签了合作备忘录",
        "那天天气特别热，大家都在找地方喝水",
        "后来具体的工作就交给外事办的同事了",
        "这个在考核里面也是算成绩的",
        "对城市的国际化形象来说这是很有帮助的",
        "现在各个城市都在争取同样的项目和资源",
        "在科研和教育方面还有很大的合作空间",
        "我记不太清楚是哪一年了",
        "商会和高校在中间起了桥梁作用",
        "我们对合同从来没有什么担心",
        "成渝地区双城经济圈的建设也带动了这方面的合作",
        "然后大家一起吃了火锅，聊得很开心",
    ],
}
CITIES = {
    "de": ["Chengdu", "Chongqing", "Wuhan"],
    "en": ["Chengdu", "Wuhan", "Bonn"],
    "zh": ["波恩", "杜塞尔多夫", "杜伊斯堡"],
}
LABELS = {"de": ("I", "B"), "en": ("Interviewer", "R"), "zh": ("问", "答")}
QUESTIONS = {
    "de": "Können Sie das noch etwas genauer erklären?",
    "en": "Could you say a little more about that?",
    "zh": "您能再具体谈谈吗？",
}


SAMPLES = Path(__file__).resolve().parents[1] / "transcripts_sample"


def sample_sentences(language: str) -> list[str]:
    """Sentences of the shipped sample transcripts in a language: real vocabulary."""
    import re

    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        if f"language: {language}" not in head:
            continue
        body = re.sub(r"(?m)^[^\n:：]{1,20}[:：] ?", "", body)
        parts = re.split(r"(?<=[.!?。！？])\s*", body)
        out += [p.strip() for p in parts if len(p.strip()) > 8]
    return out


_FREQUENCIES: dict[str, tuple[list[str], list[float]]] = {}


def word_frequencies(language: str) -> tuple[list[str], list[float]]:
    """The words of spacy-lookups-data's word probabilities for ``language`` (letters only),
    and their cumulative probabilities."""
    if language not in _FREQUENCIES:
        import gzip
        import itertools
        import json
        import math
        import re

        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / f"{language}_lexeme_prob.json.gz"
        with gzip.open(path) as handle:
            probabilities = json.load(handle)
        words = [w for w in probabilities if re.fullmatch(r"[^\W\d_]+", w)]
        cumulative = list(itertools.accumulate(math.exp(probabilities[w]) for w in words))
        _FREQUENCIES[language] = (words, cumulative)
    return _FREQUENCIES[language]


def with_new_words(text: str, language: str, share: float, rng: random.Random) -> str:
    """``text`` with about ``share`` of its words replaced by words drawn by frequency."""
    import bisect

    words, cumulative = word_frequencies(language)
    total = cumulative[-1]
    out = [
        words[bisect.bisect(cumulative, rng.random() * total)]
        if word.isalpha() and rng.random() < share
        else word
        for word in text.split(" ")
    ]
    return " ".join(out)


def words_of(text: str, language: str) -> int:
    return len(text.replace("，", "")) if language == "zh" else len(text.split())


_POOLS: dict[str, list[str]] = {}


def transcript(
    language: str, words: int, rng: random.Random, doc_id: str, new_words: float = 0.0
) -> str:
    """One transcript of about ``words`` words (characters for Chinese); ``new_words``:
    the share of the answers' words drawn from the language's word frequencies."""
    ask, answer = LABELS[language]
    sep = "：" if language == "zh" else ": "
    lines = [
        "---",
        f"id: {doc_id}",
        f"language: {language}",
        f"city: {rng.choice(CITIES['en'])}",
        "---",
        "",
    ]
    pool = _POOLS.setdefault(
        language,
        sample_sentences(language)
        or [p[0].upper() + p[1:] + ("。" if language == "zh" else ".") for p in PHRASES[language]],
    )
    count = 0
    while count < words:
        lines.append(f"{ask}{sep}{QUESTIONS[language]}")
        lines.append("")
        sentences = []
        for _ in range(rng.randint(3, 9)):
            sentences.append(rng.choice(pool).replace("{city}", rng.choice(CITIES[language])))
        turn = ("" if language == "zh" else " ").join(sentences)
        if new_words and language != "zh":
            turn = with_new_words(turn, language, new_words, rng)
        count += words_of(turn, language)
        lines.append(f"{answer}{sep}{turn}")
        lines.append("")
    return "\n".join(lines)


def generate(
    out: Path,
    *,
    words: int,
    docs: int,
    seed: int = 1,
    languages: tuple[str, ...] = ("de", "en", "zh"),
    new_words: float = 0.0,
) -> list[Path]:
    """Write ``docs`` transcripts of ``words`` words in all, the languages in turn
    (``new_words``: see :func:`transcript`)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per_doc = max(50, words // docs)
    paths = []
    for i in range(docs):
        language = languages[i % len(languages)]
        doc_id = f"gen_{language}_{i:05d}"
        path = out / f"{doc_id}.md"
        path.write_text(transcript(language, per_doc, rng, doc_id, new_words), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", default="de,en,zh")
    parser.add_argument(
        "--new-words", type=float, default=0.0, help="Share of answer words drawn afresh."
    )
    args = parser.parse_args()
    paths = generate(
        args.out,
        words=args.words,
        docs=args.docs,
        seed=args.seed,
        languages=tuple(args.languages.split(",")),
        new_words=args.new_words,
    )
    print(f"wrote {len(paths)} transcripts to {args.out}")


if __name__ == "__main__":
    main()
