"""What every unit of every layout fixture must be (tests/data/transcripts/layouts).

Plain data, so that ``benchmarks/reader_layouts.py`` can hold any version of
the readers against it.
"""

from __future__ import annotations

from pathlib import Path

LAYOUTS = Path(__file__).parents[1] / "data" / "transcripts" / "layouts"

#: Every unit of every fixture: (kind, speaker, text).
EXPECTED: dict[str, list[tuple[str, str | None, str]]] = {
    "otter.txt": [
        (
            "header",
            None,
            (
                "SUMMARY KEYWORDS\npartnership, chengdu, students, exchange, delegation, city, "
                "office, council, funding, friendships\n\nSPEAKERS\nJane Doe, Markus Weber, "
                "Unknown Speaker"
            ),
        ),
        (
            "turn",
            "Jane Doe",
            (
                "Okay, I think we're recording now. Thanks so much for making the time. Could you "
                "start by telling me a bit about your role?"
            ),
        ),
        (
            "turn",
            "Markus Weber",
            (
                "Sure. So I've been in the international office for about seven years now, and "
                "most of my work is the partnership with Chengdu. We organise the delegations, the "
                "school exchanges, that kind of thing."
            ),
        ),
        ("turn", "Jane Doe", "And how did the partnership with Chengdu start?"),
        (
            "turn",
            "Markus Weber",
            (
                "Well, it goes back to 2009. There was a trade fair, and the mayor at the time met "
                "a delegation from Sichuan. Honestly, it was a lot of personal contacts in the "
                "beginning."
            ),
        ),
        ("turn", "Unknown Speaker", "Sorry, I just need to grab the keys for room four."),
        (
            "turn",
            "Markus Weber",
            (
                "No problem. Where was I? Yes, personal contacts. Later the council made it "
                "formal, and then there was money for it."
            ),
        ),
        ("turn", "Jane Doe", "What would you change if you could?"),
        (
            "turn",
            "Markus Weber",
            (
                "More money for the student exchanges, to be honest. That is where the real "
                "friendships come from."
            ),
        ),
        ("header", None, "Transcribed by https://otter.ai"),
    ],
    "stamped.txt": [
        (
            "turn",
            "Speaker 0",
            "Thanks for taking the time. Could you say a few words about your role in the "
            "partnership with Chongqing?",
        ),
        (
            "turn",
            "Speaker 1",
            "Sure. I coordinate the city partnerships in the mayor's office, so Chongqing is one "
            "of my files, next to two others.",
        ),
        ("turn", "Speaker 0", "How did the partnership begin?"),
        (
            "turn",
            "Speaker 1",
            "With the rail link, really. The freight trains made Düsseldorf and Chongqing "
            "neighbours on the map, and the chamber of commerce pushed for a formal agreement.",
        ),
        ("turn", "Speaker 2", "Sorry to interrupt, the room is booked from two o'clock."),
        ("turn", "Speaker 1", "No problem, we'll be done by then."),
        (
            "turn",
            "Speaker 0",
            "One last question: what would you wish for the next ten years?",
        ),
    ],
    "transcribo.md": [
        ("heading", None, "Interview Wuhan, Foreign Affairs Office"),
        (
            "turn",
            "Interviewer",
            "Welcome, and thank you for meeting me. How long has the office worked with Duisburg?",
        ),
        (
            "turn",
            "Li Wei",
            "Since the friendship agreement, so for many years. At first it was mostly visits, "
            "now there are real projects.",
        ),
        ("turn", "Interviewer", "Which projects matter most to you?"),
        (
            "turn",
            "Li Wei",
            "The logistics cooperation, because of the port. But also the school exchanges, "
            "they build trust.",
        ),
    ],
    "zoom_names.vtt": [
        ("turn", "Hoffmann, Julia", "Können Sie sich kurz vorstellen?"),
        (
            "turn",
            "Wang Fang (Wuhan Office)",
            "Ich arbeite im Büro für Auslandsbeziehungen in Wuhan.\nDuisburg ist seit 1982 unsere Partnerstadt.",
        ),
        ("turn", "Hoffmann, Julia", "Seit wann arbeiten Sie dort?"),
        ("turn", "Wang Fang (Wuhan Office)", "Seit 2019, vorher war ich in Chengdu."),
    ],
    "whisperx.srt": [
        ("turn", "SPEAKER_00", "Wie sind Sie zur Städtepartnerschaft mit Chongqing gekommen?"),
        (
            "turn",
            "SPEAKER_01",
            "Über die Logistik. Der Güterzug hat Düsseldorf und Chongqing verbunden.\nDanach kamen die Hochschulen dazu.",
        ),
        ("turn", "SPEAKER_00", "Und was erwarten Sie für die Zukunft?"),
        ("turn", "SPEAKER_01", "Mehr Austausch, aber auch mehr Vorsicht."),
    ],
    "gender_forms.txt": [
        ("header", None, "Interview 7, Stadtverwaltung Bonn"),
        ("turn", "Interviewer/in", "Wie lange arbeiten Sie schon mit Chengdu zusammen?"),
        ("turn", "Befragte/r", "Seit 2012. Angefangen hat es mit einem Schüleraustausch."),
        ("turn", "Interviewer/in", "Und heute?"),
        (
            "turn",
            "Befragte/r",
            "Heute sind es vor allem Projekte zur Nachhaltigkeit, und die Hochschulen sind dabei.",
        ),
        ("turn", "Interviewer/in", "Gibt es auch Unsicherheiten?"),
        ("turn", "Befragte/r", "Ja, beim Datenschutz sind wir vorsichtiger geworden."),
    ],
    "header_labels.txt": [
        (
            "header",
            None,
            "Interview 9, Stadtverwaltung Düsseldorf\nInterviewerin: K. Weiß\nBefragte: Sachbearbeiterin, Büro für internationale Angelegenheiten\nDatum: 12.03.2024",
        ),
        ("turn", "Interviewerin", "Wie lange arbeiten Sie schon mit Chongqing?"),
        ("turn", "Befragte", "Seit etwa fünf Jahren. Vorher war ich im Standesamt."),
        ("turn", "Interviewerin", "Was hat sich in der Zeit verändert?"),
        ("turn", "Befragte", "Es gibt weniger Besuche, aber mehr Videokonferenzen."),
    ],
    "header_zh_record.txt": [
        ("header", None, "访谈记录：武汉市外办 王女士\n时间：2024年4月10日\n地点：武汉"),
        ("turn", "问", "您在外办负责哪些工作？"),
        ("turn", "答", "我主要负责欧洲方向的友好城市，包括杜伊斯堡。"),
        ("turn", "问", "杜伊斯堡和武汉的合作现在怎么样？"),
        ("turn", "答", "总体还不错。中欧班列是很重要的纽带，但是疫情以后人员往来少了很多。"),
    ],
    "time_after.txt": [
        (
            "turn",
            "Interviewer",
            "Vielen Dank, dass Sie sich Zeit nehmen. Wie kam die Partnerschaft mit Chengdu zustande?",
        ),
        (
            "turn",
            "Frau Becker",
            "Also, das geht zurück auf eine Messe, bei der sich die Wirtschaftsförderungen beider Städte kennengelernt haben. Danach gab es gegenseitige Besuche.",
        ),
        ("turn", "Interviewer", "Und heute?"),
        ("turn", "Frau Becker", "Heute ist es vor allem der Austausch zwischen den Hochschulen."),
    ],
    "time_line.txt": [
        (
            "turn",
            "Speaker 1",
            "Guten Tag, erzählen Sie doch bitte, wie Sie zur Partnerschaft mit Chengdu gekommen sind.",
        ),
        (
            "turn",
            "Speaker 2",
            "Ich war damals im Büro des Oberbürgermeisters, und da kam die Anfrage aus Chengdu.",
        ),
        ("turn", "Speaker 1", "Und wie läuft die Zusammenarbeit heute?"),
        (
            "turn",
            "Speaker 2",
            "Eher schleppend, muss ich sagen. Die Reisen sind seltener geworden.",
        ),
    ],
    "bare_time.txt": [
        (
            "turn",
            "Interviewer",
            "Können Sie erzählen, wie der Freundeskreis Bonn-Chengdu entstanden ist?",
        ),
        (
            "turn",
            "Befragter",
            "Der Verein ist 1990 gegründet worden, nach einem Besuch einer Delegation aus Chengdu.",
        ),
        ("turn", "Interviewer", "Und heute?"),
        (
            "turn",
            "Befragter",
            "Heute sind wir noch etwa vierzig Mitglieder, die meisten schon älter.",
        ),
    ],
    "zh_brackets.txt": [
        ("turn", "问", "您好，请介绍一下您在友城工作中的角色。"),
        (
            "turn",
            "答",
            "我在成都市外办欧洲处工作，负责波恩的友城事务。【笑】说是负责，其实就我一个人。",
        ),
        ("turn", "问", "你们每年有多少交流项目？"),
        ("turn", "答", "大概十几个，包括教育、环保和文化。"),
        ("turn", "问", "合作中有什么困难吗？"),
        ("turn", "答", "语言是一个方面，还有就是双方的决策程序不太一样。"),
    ],
    "table_turns.docx": [
        (
            "header",
            None,
            "Transkript Interview Bonn–Chengdu, Freundeskreis\nOrt\nBonn\nDauer\n48 Min.",
        ),
        ("turn", "I", "Wie oft reisen Sie nach Chengdu?"),
        ("turn", "B", "Einmal im Jahr, meistens im Oktober."),
        ("turn", "I", "Und umgekehrt?"),
        ("turn", "B", "Die Delegationen aus Chengdu kommen im Frühjahr."),
        ("turn", "I", "Was wünschen Sie sich für die Partnerschaft?"),
        (
            "turn",
            "B",
            "Mehr junge Leute. Die meisten von uns sind schon über sechzig.\nUnd Geld für die Reisen, ehrlich gesagt.",
        ),
    ],
    "google_meet.txt": [
        (
            "header",
            None,
            "Partnerschaft Düsseldorf–Chongqing Interview - Transcript\nAttendees\nAnna Schmidt, Wang Lei\nTranscript\nThis editable transcript was computer generated and might contain errors. People can also change the text after it was created.\n00:00:00",
        ),
        (
            "turn",
            "Anna Schmidt",
            "Guten Morgen, Herr Wang. Wie hat die Partnerschaft zwischen Düsseldorf und Chongqing begonnen?",
        ),
        (
            "turn",
            "Wang Lei",
            "Guten Morgen. Mit der Güterzugverbindung, danach kamen die Hochschulen dazu.",
        ),
        ("turn", "Anna Schmidt", "Und wie ist es heute?"),
        ("turn", "Wang Lei", "Heute gibt es viel Austausch in der Logistik und in der Kultur."),
        ("turn", "Wang Lei", "Die Kunsthochschulen machen jedes Jahr eine gemeinsame Ausstellung."),
        ("turn", "Anna Schmidt", "Vielen Dank."),
        ("header", None, "Meeting ended after 00:06:12 👋"),
    ],
    "whisper_console.txt": [
        ("turn", None, "Guten Tag, danke, dass Sie sich Zeit nehmen."),
        ("turn", None, "Gern. Die Partnerschaft mit Wuhan gibt es seit 1982."),
        ("turn", None, "Und wie ist es heute?"),
        ("turn", None, "Heute gibt es viel Austausch zwischen den Hochschulen."),
    ],
    "zoom_captions.txt": [
        ("turn", "Julia Hoffmann", "Guten Tag, Frau Wang, danke, dass Sie sich Zeit nehmen."),
        ("turn", "Wang Fang", "Gern. Die Partnerschaft mit Duisburg ist für uns sehr wichtig."),
        ("turn", "Julia Hoffmann", "Wie hat sie angefangen?"),
        (
            "turn",
            "Wang Fang",
            "Mit dem Güterzug nach Duisburg, 2014.\nDanach kamen die Hochschulen dazu.",
        ),
        ("turn", "Julia Hoffmann", "Vielen Dank."),
    ],
    "rev.txt": [
        (
            "turn",
            "Speaker 1",
            "Thank you for agreeing to talk to me. Is it all right if I record this?",
        ),
        ("turn", "Speaker 2", "Yes, of course. Go ahead."),
        (
            "turn",
            "Speaker 1",
            "Could you describe how your office works with the partner city Wuhan?",
        ),
        (
            "turn",
            "Speaker 2",
            (
                "We have a small team, three people. Most of the contact is by email and WeChat, "
                "and twice a year there is a visit, one year they come to Duisburg, the next year "
                "we go to Wuhan."
            ),
        ),
        ("turn", "Speaker 3", "Excuse me, the next meeting starts at eleven, just so you know."),
        (
            "turn",
            "Speaker 2",
            (
                "Thanks. So, yes, the visits are the heart of it. The port and the train "
                "connection made everything more concrete after 2014."
            ),
        ),
        ("turn", "Speaker 1", "What has changed since the pandemic?"),
        (
            "turn",
            "Speaker 2",
            (
                "Everything went online for two years. It worked, but you lose the informal talks "
                "over dinner, and that is where most things are really decided."
            ),
        ),
    ],
    "trint.txt": [
        (
            "turn",
            "Anna Schmidt",
            "Welcome, and thank you for taking part. Could you introduce yourself briefly?",
        ),
        (
            "turn",
            "Wang Fang",
            (
                "Sure. My name is Wang Fang, I work for the foreign affairs office in Chongqing, "
                "and I am responsible for our partner cities in Europe."
            ),
        ),
        ("turn", "Anna Schmidt", "How important is Düsseldorf for your office?"),
        (
            "turn",
            "Wang Fang",
            (
                "Very important. It is one of our oldest partnerships, since 2004. We have "
                "exchanges in trade, in culture and also between universities."
            ),
        ),
        ("turn", "Anna Schmidt", "Thank you. That was my last question."),
    ],
    "zoom.vtt": [
        (
            "turn",
            "Jane Doe",
            (
                "Okay, I think the recording has started.\nThanks for joining from Chengdu, I know "
                "it's already evening for you."
            ),
        ),
        (
            "turn",
            "Li Wei",
            "No problem, it is only nine o'clock here. I am used to calls with Europe.",
        ),
        (
            "turn",
            "Thomas Berger",
            "Hi, sorry, I'm only joining to check the sound. I'll leave you to it.",
        ),
        (
            "turn",
            "Jane Doe",
            "Thanks, Thomas. Li Wei, how did your university start working with Bonn?",
        ),
        (
            "turn",
            "Li Wei",
            (
                "It started with one professor, a geographer, who came for a conference in 2012 "
                "and then stayed for a semester.\nAfter that we signed an agreement for student "
                "exchange, about ten students each year."
            ),
        ),
    ],
    "teams.vtt": [
        (
            "turn",
            "Jane Doe",
            (
                "Okay, we're recording. Thanks again for making time.\nCan you tell me what your "
                "office does?"
            ),
        ),
        (
            "turn",
            "Zhang Min (Guest)",
            (
                "We are the friendship association. We bring people together, mostly schools and "
                "sports clubs, between Wuhan and Duisburg."
            ),
        ),
        ("turn", "Jane Doe", "Which project are you most proud of?"),
        (
            "turn",
            "Zhang Min (Guest)",
            (
                "The table tennis exchange. It has run every year since 1985, even during the "
                "pandemic we played online."
            ),
        ),
    ],
    "board_meeting.txt": [
        (
            "turn",
            "Chair",
            (
                "Good evening, everyone. I call the meeting of the partnership committee to order. "
                "The first item is the minutes of the last meeting."
            ),
        ),
        ("turn", "Committee 1", "I move to approve the minutes as circulated."),
        (
            "turn",
            "Chair",
            (
                "Is there a second? Thank you. All in favour? Carried. Next item, the report on "
                "the delegation to Chengdu."
            ),
        ),
        (
            "turn",
            "Secretary",
            (
                "The delegation visited Chengdu from the third to the seventh of May. We met the "
                "foreign affairs office, two universities and the chamber of commerce, and we "
                "agreed on a youth exchange for next year."
            ),
        ),
        (
            "turn",
            "Automation",
            "This meeting is being recorded and streamed on the city's website.",
        ),
        ("turn", "Chair", "Thank you. Are there questions on the report?"),
        (
            "turn",
            "Ms. Okafor",
            "Yes. What did the visit cost the city, and who paid for the flights?",
        ),
        (
            "turn",
            "Secretary",
            (
                "About eleven thousand euros in total. The city paid the flights, our hosts paid "
                "the hotel."
            ),
        ),
        ("turn", "Chair", "Then we close the item. Thank you all."),
    ],
    "header_de.txt": [
        (
            "header",
            None,
            (
                "Interview 3 – Stadtverwaltung Bonn, Amt für Internationales\nInterviewerin: K. "
                "Weiß; Datum: 12.03.2024; Ort: Stadthaus Bonn\nBefragte: Sachbearbeiterin, seit "
                "2015 im Amt\nDauer: 48 Min."
            ),
        ),
        ("turn", "I", "Vielen Dank, dass Sie sich Zeit nehmen. Darf ich das Gespräch aufzeichnen?"),
        ("turn", "B", "Ja, natürlich."),
        ("turn", "I", "Wie sind Sie zur Partnerschaft mit Chengdu gekommen?"),
        (
            "turn",
            "B",
            (
                "Eher zufällig. Ich habe damals eine Kollegin vertreten, die in Elternzeit war, "
                "und bin dann geblieben. Inzwischen betreue ich vor allem den Schüleraustausch."
            ),
        ),
        ("turn", "I", "Was läuft gut, was weniger gut?"),
        (
            "turn",
            "B",
            (
                "Gut läuft alles, was persönlich ist. Weniger gut läuft es, wenn Entscheidungen in "
                "Berlin oder Peking fallen müssen."
            ),
        ),
    ],
    "header_zh.txt": [
        (
            "header",
            None,
            (
                "访谈记录（三）\n时间：2023年5月12日下午\n地点：武汉市"
                "江岸区某社区服务中心\n受访者：社区工作人员（女，40岁左右）"
            ),
        ),
        (
            "turn",
            "记者",
            ("您好，谢谢您接受采访。您在社区工作多少年了？"),
        ),
        (
            "turn",
            "答",
            ("差不多十年了吧。一开始是做计生，后来什么都做，现在主要负责对外交流这一块。"),
        ),
        ("turn", "记者", "你们社区和杜伊斯堡有什么来往吗？"),
        (
            "turn",
            "答",
            ("有的。前年他们来了一个代表团，参观了我们的养老服务站，还和居民一起包了饺子。"),
        ),
        ("turn", "记者", "这样的交流对居民有什么意义？"),
        (
            "turn",
            "答",
            ("大家觉得很新鲜，特别是老人家，他们很高兴有外国朋友来看他们。"),
        ),
    ],
    "headings.md": [
        ("heading", None, "Interview mit der Leiterin des China-Büros"),
        ("header", None, "Das Gespräch führte die Redaktion im März 2024 in Düsseldorf."),
        ("heading", None, "Die Anfänge"),
        ("heading", None, "Wie ist das China-Büro entstanden?"),
        (
            "turn",
            "Leiterin",
            (
                "Das Büro gibt es seit 2006. Damals wollte die Stadt einen festen Ansprechpartner "
                "für Unternehmen aus Chongqing haben."
            ),
        ),
        ("turn", "Redaktion", "Und heute?"),
        (
            "turn",
            "Leiterin",
            "Heute sind wir drei Personen und betreuen auch Hochschulen und Vereine.",
        ),
        ("heading", None, "Die Zukunft"),
        ("heading", None, "Was erwarten Sie von den nächsten Jahren?"),
        (
            "turn",
            "Leiterin",
            (
                "Mehr Austausch zwischen jungen Leuten. Die Wirtschaft findet ihren Weg allein, "
                "die Jugend braucht Unterstützung."
            ),
        ),
    ],
    "hackmd_names.md": [
        ("heading", None, "採訪共筆：城市交流"),
        (
            "turn",
            "kiang",
            ("本文授權為 CC BY 4.0，轉載請保留此段。"),
        ),
        ("heading", None, "1\\. 請問這個交流計畫是怎麼開始的？"),
        ("turn", "記者", "請先談談計畫的緣起。"),
        (
            "turn",
            "kiang",
            ("最早是幾位志工在黑客松上提出的，後來市政府覺得有意思，就邀請我們一起做。"),
        ),
        ("turn", "kiang", "補充：第一次聚會只有十二個人參加。"),
        ("heading", None, "2\\. 未來有什麼計畫？"),
        ("turn", "kiang", "希望明年能和杜塞道夫的社群一起辦工作坊。"),
        ("turn", "記者", "謝謝。"),
    ],
    "f4.rtf": [
        (
            "turn",
            "I",
            "Vielen Dank, dass Sie sich Zeit nehmen. Wie lange arbeiten Sie schon mit Wuhan?",
        ),
        (
            "turn",
            "B",
            (
                "Seit 2011. Damals bin ich ins Büro für Internationales gewechselt, und Wuhan war "
                "gleich mein erstes Projekt."
            ),
        ),
        ("turn", "I", "Was hat sich seitdem verändert?"),
        (
            "turn",
            "B",
            (
                "Vieles. Früher ging es um Kultur, heute geht es um Logistik und Häfen, um die "
                "Züge nach Duisburg. Das ist schön, aber auch ein bisschen schade."
            ),
        ),
        ("turn", "I", "Warum schade?"),
        ("turn", "B", "Weil die persönlichen Kontakte weniger werden."),
    ],
    "f4_malformed.txt": [
        (
            "turn",
            "entrevistadora",
            (
                "Buenos días, gracias por recibirme. ¿Desde cuándo trabaja usted en la oficina de "
                "relaciones internacionales?"
            ),
        ),
        (
            "turn",
            "participante",
            (
                "Desde 2015. Antes estaba en el departamento de cultura, y allí empecé con los "
                "intercambios con Chongqing."
            ),
        ),
        ("turn", "entrevistadora", "¿Cómo empezó la cooperación?"),
        (
            "turn",
            "participante",
            "Con una visita de estudiantes. Después vinieron las empresas y los museos.",
        ),
        ("turn", "entrevistadora", "¿Y qué es lo más difícil?"),
        ("turn", "participante", "La distancia, y que los interlocutores cambian cada pocos años."),
    ],
    "broken.srt": [
        ("turn", "INTERVIEWER", "Thank you for coming to the studio today."),
        ("turn", "GUEST", "It is a pleasure. I have been looking forward to it."),
        ("turn", "INTERVIEWER", "How did the partnership with Chongqing begin?"),
        (
            "turn",
            "GUEST",
            (
                "With a football match, believe it or not.\nTwo youth teams played in Düsseldorf "
                "in 2004, and the parents kept in touch."
            ),
        ),
        ("turn", "INTERVIEWER", "And that is still the spirit today?"),
        ("turn", "GUEST", "Very much so."),
    ],
}
