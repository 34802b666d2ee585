"""Writes the REFI-QDA fixtures of this folder (run once; the files are committed).

Each imitates a layout that real tools write; README.md says which. Run from
the project root: python tests/data/refi/build_fixtures.py
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
NS = 'xmlns="urn:QDA-XML:project:1.0"'


def qdpx(name: str, xml: str, files: dict[str, str | None]) -> None:
    """A .qdpx archive; a file of ``None`` is a folder entry (an empty Sources/)."""
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for entry, text in files.items():
            if text is None:
                archive.writestr(zipfile.ZipInfo(entry), b"")
            else:
                archive.writestr(entry, text.encode("utf-8"))


# -- MAXQDA 2022: a codebook shared as a project without texts ------------------------------------

MAXQDA = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Codebook Partnerschaften" origin="MAXQDA 2022 (Release 22.7.0)" creationDateTime="2024-03-11T09:12:44Z">
  <Users>
    <User guid="7E2B1C4A-0D5F-4F62-9B1E-3C7A2D9E4F10" name="SK"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="A1000000-0000-4000-8000-000000000001" name="Motive" isCodable="true" color="#ff8000">
        <Description>Warum Städte kooperieren.</Description>
        <Code guid="A1000000-0000-4000-8000-000000000002" name="Wirtschaft" isCodable="true" color="#ff8000">
          <Description>Handel, Investitionen, Häfen.</Description>
          <Code guid="A1000000-0000-4000-8000-000000000003" name="Handel" isCodable="true" color="#ffa040"/>
          <Code guid="A1000000-0000-4000-8000-000000000004" name="Investitionen" isCodable="true" color="#ffa040"/>
        </Code>
        <Code guid="A1000000-0000-4000-8000-000000000005" name="Kultur" isCodable="true" color="#0080ff"/>
        <Code guid="A1000000-0000-4000-8000-000000000006" name="Prestige" isCodable="true" color="#0080ff">
          <NoteRef targetGUID="B1000000-0000-4000-8000-000000000002"/>
        </Code>
      </Code>
      <Code guid="A1000000-0000-4000-8000-000000000007" name="Beziehung" isCodable="true" color="#00a000">
        <Code guid="A1000000-0000-4000-8000-000000000008" name="Vertrauen" isCodable="true"/>
        <Code guid="A1000000-0000-4000-8000-000000000009" name="Unsicherheit" isCodable="true"/>
      </Code>
      <Code guid="A1000000-0000-4000-8000-00000000000A" name="Sonstiges" isCodable="false"/>
    </Codes>
  </CodeBook>
  <Notes>
    <Note guid="B1000000-0000-4000-8000-000000000001" name="Projektmemo" creatingUser="7E2B1C4A-0D5F-4F62-9B1E-3C7A2D9E4F10" creationDateTime="2024-03-11T09:15:00Z">
      <PlainTextContent>Codebuch der Pilotphase; Definitionen mit dem Team abgestimmt.</PlainTextContent>
    </Note>
    <Note guid="B1000000-0000-4000-8000-000000000002" name="Code-Memo Prestige" creatingUser="7E2B1C4A-0D5F-4F62-9B1E-3C7A2D9E4F10">
      <PlainTextContent>Nur wenn das Ansehen der Stadt ausdrücklich genannt wird.</PlainTextContent>
    </Note>
  </Notes>
  <Sets>
    <Set guid="C1000000-0000-4000-8000-000000000001" name="Erste Welle">
      <Description>Codes der ersten Kodierrunde</Description>
      <MemberCode targetGUID="A1000000-0000-4000-8000-000000000003"/>
      <MemberCode targetGUID="A1000000-0000-4000-8000-000000000008"/>
    </Set>
  </Sets>
  <NoteRef targetGUID="B1000000-0000-4000-8000-000000000001"/>
</Project>
"""

# -- ATLAS.ti 23: a bare project.qde, flat code names with '::' --------------------------------------

#: The texts an unpacked ATLAS.ti export keeps beside project.qde (tests write them).
ATLAS_TEXTS = {
    "F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C1": "I: Why Wuhan?\n\nB: The port and the trade fairs matter.\n\n"
    "I: And trust?\n\nB: Trust grows slowly, we still have doubts.",
    "F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C2": "问：信任？\n\n答：我们有疑虑。",
}

BONN, WUHAN = ATLAS_TEXTS.values()
#: A coding that runs over two turns.
ACROSS = "And trust?\n\nB: Trust grows slowly"


def _span(text: str, part: str) -> str:
    start = text.index(part)
    return f'startPosition="{start}" endPosition="{start + len(part)}"'



ATLAS = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:0:4 Project.xsd" name="Partnerships" origin="ATLAS.ti Win 23.2.1.27004">
  <Users>
    <User guid="{{5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12}}" name="Anna"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C6" name="Drivers::Economy" isCodable="true" color="#E69F00">
        <Description>Trade and investment as a reason.</Description>
      </Code>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C7" name="Drivers::Culture" isCodable="true" color="#56B4E9"/>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C8" name="Relationship :: Trust" isCodable="true"/>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C9" name="Relationship::Trust::Doubt" isCodable="true">
        <NoteRef targetGUID="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C1"/>
      </Code>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5CA" name="Relationship" isCodable="true"/>
      <Code guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5CB" name="Prestige" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C1" name="bonn_interview" plainTextPath="internal://F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C1.txt">
      <PlainTextSelection guid="F2E1F0A2-3B4C-4D5E-8F60-718293A4B5C1" {_span(BONN, "The port and the trade fairs matter.")} creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
        <Coding guid="F3E1F0A2-3B4C-4D5E-8F60-718293A4B5C1" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
          <CodeRef targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C6"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="F2E1F0A2-3B4C-4D5E-8F60-718293A4B5C2" {_span(BONN, ACROSS)} creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
        <Coding guid="F3E1F0A2-3B4C-4D5E-8F60-718293A4B5C2" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
          <CodeRef targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C8"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="F2E1F0A2-3B4C-4D5E-8F60-718293A4B5C4" {_span(BONN, "we still have doubts")} creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
        <NoteRef targetGUID="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C3"/>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C2" name="wuhan_interview" plainTextPath="internal://F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C2.txt">
      <PlainTextSelection guid="F2E1F0A2-3B4C-4D5E-8F60-718293A4B5C3" {_span(WUHAN, "我们有疑虑")} creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
        <Coding guid="F3E1F0A2-3B4C-4D5E-8F60-718293A4B5C3" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
          <CodeRef targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C9"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C1" name="Doubt" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
      <PlainTextContent>Code doubt only when the speaker says so.</PlainTextContent>
    </Note>
    <Note guid="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C2" name="Project memo" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12">
      <PlainTextContent>Second coding round after the workshop in Wuhan.</PlainTextContent>
    </Note>
    <Note guid="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C3" name="Quotation memo" creatingUser="5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12" creationDateTime="2024-05-02T14:03:00Z">
      <PlainTextContent>She laughs here: doubts, but said lightly.</PlainTextContent>
    </Note>
  </Notes>
  <Sets>
    <Set guid="0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D" name="Motives">
      <MemberCode targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C6"/>
      <MemberCode targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C7"/>
      <MemberCode targetGUID="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5CB"/>
    </Set>
    <Set guid="0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4E" name="country::Germany">
      <MemberSource targetGUID="F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C1"/>
    </Set>
    <Set guid="0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4F" name="country::China">
      <MemberSource targetGUID="F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C2"/>
    </Set>
    <Set guid="0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C50" name="Pilot interviews">
      <MemberSource targetGUID="F1E1F0A2-3B4C-4D5E-8F60-718293A4B5C1"/>
    </Set>
  </Sets>
  <NoteRef targetGUID="E7E1F0A2-3B4C-4D5E-8F60-718293A4B5C2"/>
</Project>
"""
# -- A tool that writes bare file names as plainTextPath ------------------------------------------

BOARD = ("Minutes of the partnership board, 2017.\n\nThe mayor opened the meeting. Trade with "
         "Chengdu grew again.\n\nThe school exchange will continue next year.\n")
BOARD2 = "Minutes of the partnership board, 2018.\n\nTrade fell. The delegation was postponed.\n"


def _sel(n: int, text: str, part: str, code: str) -> str:
    start = text.index(part)
    return (f'<PlainTextSelection guid="5e1ec7ed-0000-4000-8000-{n:012d}" startPosition="{start}" '
            f'endPosition="{start + len(part)}"><Coding guid="c0d1ec0d-0000-4000-8000-{n:012d}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


TRADE, SCHOOL = "0c0de000-0000-4000-8000-000000000001", "0c0de000-0000-4000-8000-000000000002"
PLAIN = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Board minutes" origin="QDA Miner Lite 2.0">
  <CodeBook><Codes>
    <Code guid="{TRADE}" name="Trade" isCodable="true"/>
    <Code guid="{SCHOOL}" name="Schools" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="50c0e000-0000-4000-8000-000000000001" name="board_2017" plainTextPath="board_2017.txt">
      {_sel(1, BOARD, "Trade with Chengdu grew again.", TRADE)}
      {_sel(2, BOARD, "The school exchange will continue next year.", SCHOOL)}
    </TextSource>
    <TextSource guid="50c0e000-0000-4000-8000-000000000002" name="board_2018" plainTextPath="file:///C:/Users/kim/Documents/board_2018.txt">
      {_sel(3, BOARD2, "Trade fell.", TRADE)}
    </TextSource>
  </Sources>
</Project>
"""

# -- An export with an empty Sources folder; PDF and audio sources -----------------------------------

EMPTY = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Interviews" origin="NVivo for Windows 14.23.0">
  <Users><User guid="2b6a4c10-7a1e-4c3d-9d0a-1e2f3a4b5c6d" name="Mia"/></Users>
  <CodeBook><Codes>
    <Code guid="9a0e5d1c-2b3f-4a5e-8c7d-000000000001" name="Trade" isCodable="true">
      <Description>Exchange of goods.</Description>
    </Code>
    <Code guid="9a0e5d1c-2b3f-4a5e-8c7d-000000000002" name="Culture" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="7d1e0c2b-3a4f-4e5d-9c8b-000000000001" name="Interview Bonn" plainTextPath="internal://7d1e0c2b-3a4f-4e5d-9c8b-000000000001.txt">
      <PlainTextSelection guid="7d1e0c2b-3a4f-4e5d-9c8b-100000000001" startPosition="10" endPosition="40">
        <Coding guid="7d1e0c2b-3a4f-4e5d-9c8b-200000000001" creatingUser="2b6a4c10-7a1e-4c3d-9d0a-1e2f3a4b5c6d">
          <CodeRef targetGUID="9a0e5d1c-2b3f-4a5e-8c7d-000000000001"/>
        </Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="6c1d0e2f-3a4b-4c5d-8e9f-000000000001"/>
    </TextSource>
    <PDFSource guid="7d1e0c2b-3a4f-4e5d-9c8b-000000000002" name="Partnership treaty.pdf" path="internal://7d1e0c2b-3a4f-4e5d-9c8b-000000000002.pdf">
      <PDFSelection guid="7d1e0c2b-3a4f-4e5d-9c8b-100000000002" page="1" firstX="10" firstY="10" secondX="200" secondY="40">
        <Coding guid="7d1e0c2b-3a4f-4e5d-9c8b-200000000002"><CodeRef targetGUID="9a0e5d1c-2b3f-4a5e-8c7d-000000000002"/></Coding>
      </PDFSelection>
    </PDFSource>
    <AudioSource guid="7d1e0c2b-3a4f-4e5d-9c8b-000000000003" name="Interview Bonn.mp3" path="internal://7d1e0c2b-3a4f-4e5d-9c8b-000000000003.mp3"/>
  </Sources>
  <Notes>
    <Note guid="6c1d0e2f-3a4b-4c5d-8e9f-000000000001" name="Interview memo" creatingUser="2b6a4c10-7a1e-4c3d-9d0a-1e2f3a4b5c6d">
      <PlainTextContent>Recorded in the town hall; noisy.</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""

# -- MAXQDA 24: comments on coded segments and on text (a selection's Description) ---------------

COMMENTS_TEXT = ("I: Wie kam es zur Partnerschaft?\n\nB: Über den Hafen. Und über eine Lehrerin, "
                 "die 1998 in Wuhan war.\n\nI: Und heute?\n\nB: Heute vor allem Schulen.\n")
MAXQDA_USER = "7E2B1C4A-0D5F-4F62-9B1E-3C7A2D9E4F10"


def _commented(n: int, part: str, comment: str, code: str | None) -> str:
    start = COMMENTS_TEXT.index(part)
    coding = (f'<Coding guid="C0D1C0D1-0000-4000-8000-{n:012d}" creatingUser="{MAXQDA_USER}">'
              f'<CodeRef targetGUID="{code}"/></Coding>') if code else ""
    return (f'<PlainTextSelection guid="5E1EC7ED-0000-4000-8000-{n:012d}" startPosition="{start}" '
            f'endPosition="{start + len(part)}" creatingUser="{MAXQDA_USER}" '
            f'creationDateTime="2024-06-03T10:1{n}:00Z"><Description>{comment}</Description>'
            f'{coding}</PlainTextSelection>')


PORT, SCHOOLS = "A2000000-0000-4000-8000-000000000001", "A2000000-0000-4000-8000-000000000002"
COMMENTS = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Partnerschaften" origin="MAXQDA 24 (Release 24.4.0)">
  <Users><User guid="{MAXQDA_USER}" name="SK"/></Users>
  <CodeBook><Codes>
    <Code guid="{PORT}" name="Hafen" isCodable="true"/>
    <Code guid="{SCHOOLS}" name="Schulen" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="A3000000-0000-4000-8000-000000000001" name="Interview 07" plainTextPath="internal://A3000000-0000-4000-8000-000000000001.txt">
      {_commented(1, "Über den Hafen.", "Kurz und bestimmt.", PORT)}
      {_commented(2, "Heute vor allem Schulen.", "", SCHOOLS)}
      {_commented(3, "die 1998 in Wuhan war", "Name der Lehrerin nachfragen", None)}
    </TextSource>
  </Sources>
</Project>
"""

if __name__ == "__main__":
    qdpx("maxqda22_codebook_only.qdpx", MAXQDA, {})
    (HERE / "atlasti23_flat_names.qde").write_text(ATLAS, encoding="utf-8")
    qdpx("plain_paths.qdpx", PLAIN, {"sources/board_2017.txt": BOARD, "sources/board_2018.txt": BOARD2})
    qdpx("empty_sources.qdpx", EMPTY, {"Sources/": None})
    qdpx("maxqda24_comments.qdpx", COMMENTS,
         {"Sources/A3000000-0000-4000-8000-000000000001.txt": COMMENTS_TEXT})
