"""Write what every analysis and export command prints, for a before/after diff.

A restructuring must not change a single byte of output. This script builds
two projects (the twelve samples, coded by the automatic coder, the gold
standard and two people who review and tag; and a generated project of
mixed languages) and runs the commands a researcher runs on them, writing
each output to a file of its own under OUT. Timestamps and the project's
path are replaced by fixed words, so that two runs of the same code give the
same files:

    python benchmarks/snapshot_outputs.py /tmp/before
    ... change the code ...
    python benchmarks/snapshot_outputs.py /tmp/after
    diff -r /tmp/before /tmp/after && echo identical
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")
#: A note's GUID is derived from its creation time.
_NOTE_GUID = re.compile(r'(<Note guid="|<NoteRef targetGUID=")[0-9a-fA-F-]{36}')


def run(out: Path, name: str, *args: str, cwd: Path) -> None:
    """Run ``interviewkit ARGS`` and keep its stdout, stderr and exit code as ``name``."""
    env = {**os.environ, "COLUMNS": "140", "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    env.pop("INTERVIEWKIT_PROJECT", None)
    done = subprocess.run(
        [sys.executable, "-m", "interviewkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    text = f"$ interviewkit {' '.join(args)}\nexit {done.returncode}\n--- stdout\n"
    text += done.stdout + "--- stderr\n" + done.stderr
    (out / f"{name}.txt").write_text(_normal(text, cwd), encoding="utf-8")


def _normal(text: str, cwd: Path) -> str:
    text = _NOTE_GUID.sub(r"\1NOTE-GUID", text.replace(str(cwd), "WORKDIR"))
    return _STAMP.sub("TIMESTAMP", text)


def keep_files(out: Path, work: Path) -> None:
    """Copy the files the commands wrote (archives unpacked), timestamps replaced."""
    for path in sorted(work.glob("out_*")):
        if path.suffix in (".qdpx", ".xlsx", ".docx"):
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    data = archive.read(member)
                    target = out / "files" / path.name / member
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        target.write_text(_normal(data.decode("utf-8"), work), encoding="utf-8")
                    except UnicodeDecodeError:
                        target.write_bytes(data)
        elif path.suffix in (".png", ".svg", ".pdf"):
            (out / "files").mkdir(parents=True, exist_ok=True)
            (out / "files" / (path.name + ".size")).write_text(str(path.stat().st_size))
        else:
            target = out / "files" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_normal(path.read_text(encoding="utf-8-sig"), work), "utf-8")


def sample_project(out: Path, work: Path) -> None:
    def ik(name: str, *args: str) -> None:
        run(out, name, *args, cwd=work)

    shutil.copytree(SAMPLES, work / "samples")
    shutil.copy(CODEBOOK, work / "codebook.yaml")
    ik("00_init", "init", "--codebook", "codebook.yaml")
    ik("01_add", "add", "samples", "--metadata", "samples/metadata.csv")
    ik("02_autocode", "autocode")
    ik("03_import_gold", "import-codings", "samples/gold_standard.csv", "--coder", "gold")
    # Two people review some of the same suggestions and tag a few units.
    ik("04_accept", "accept", "bonn_de_01", "6", "networking", "--coder", "anna")
    ik("05_reject", "reject", "bonn_de_01", "6", "cooperation_potential", "--coder", "anna")
    ik("06_accept_all", "accept", "chengdu_zh_01", "4", "--all", "--coder", "ben")
    ik("07_tag", "tag", "bonn_de_01", "8", "prestige", "--coder", "anna")
    ik("08_tag", "tag", "wuhan_zh_01", "3", "uncertainty", "--coder", "ben")
    ik("09_tag", "tag", "bonn_de_01", "8", "prestige", "--coder", "ben")
    ik(
        "10_memo",
        "memo",
        "Ambivalent",
        "--coder",
        "anna",
        "--doc",
        "bonn_de_01",
        "--unit",
        "8",
        "--code",
        "prestige",
    )
    ik("11_memo", "memo", "A study memo on a code", "--coder", "ben", "--code", "uncertainty")
    ik("12_status", "status")
    for by in ("city", "country", "institution"):
        ik(f"20_themes_{by}", "themes", "--by", by)
    ik("21_themes_coder", "themes", "--by", "city", "--coder", "anna")
    ik("22_themes_gold", "themes", "--by", "country", "--coder", "gold")
    ik("23_themes_csv", "themes", "--by", "city", "-o", "out_themes.csv")
    ik("24_themes_xlsx", "themes", "--by", "country", "-o", "out_themes.xlsx")
    ik("25_themes_md", "themes", "--by", "country", "-o", "out_themes.md")
    for by in ("city", "country"):
        ik(f"30_compare_{by}", "compare", "--by", by)
    ik("31_compare_pairs", "compare", "--pairs")
    ik("32_compare_gold", "compare", "--by", "country", "--coder", "gold")
    ik("33_compare_json", "compare", "--by", "country", "-o", "out_compare.json")
    ik("34_compare_csv", "compare", "--pairs", "-o", "out_pairs.csv")
    ik("40_cooccur", "cooccur")
    ik("41_cooccur_parents", "cooccur", "--parents")
    ik("42_matrix", "matrix")
    ik("43_matrix_binary", "matrix", "--binary", "-o", "out_matrix.csv")
    ik("44_kwic", "kwic", "Partnerschaft")
    ik("50_agreement", "agreement", "--coders", "auto,gold")
    ik("51_agreement_overlap", "agreement", "--coders", "auto,gold", "--overlap", "80")
    ik("52_agreement_disagreements", "agreement", "--coders", "anna,ben", "--disagreements")
    ik("60_segments", "segments", "-o", "out_segments.csv")
    ik("61_segments_where", "segments", "--code", "uncertainty", "--where", "city=Bonn")
    ik("62_segments_coder", "segments", "--coder", "anna", "-o", "out_segments_anna.json")
    ik("70_export_qdpx", "export", "project", "out_project.qdpx")
    ik("71_export_qdc", "export", "codebook", "out_codebook.qdc")
    ik(
        "80_code_files",
        "code",
        "samples",
        "-m",
        "samples/metadata.csv",
        "-c",
        "codebook.yaml",
        "-o",
        "out_code.csv",
    )
    ik("81_transcripts", "transcripts", "samples", "--metadata", "samples/metadata.csv")
    ik(
        "82_themes_files",
        "themes",
        "samples",
        "-m",
        "samples/metadata.csv",
        "-c",
        "codebook.yaml",
        "--by",
        "country",
    )
    keep_files(out, work)


def generated_project(out: Path, work: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate  # type: ignore[import-not-found]

    generate(work / "corpus", words=60_000, docs=24, seed=3, languages=("de", "en", "zh"))

    def ik(name: str, *args: str) -> None:
        run(out, name, *args, cwd=work)

    shutil.copy(CODEBOOK, work / "codebook.yaml")
    ik("g00_init", "init", "--codebook", "codebook.yaml")
    ik("g01_add", "add", "corpus")
    ik("g02_autocode", "autocode")
    ik("g03_status", "status")
    ik("g10_themes", "themes", "--by", "language")
    ik("g11_compare", "compare", "--by", "language")
    ik("g12_cooccur", "cooccur", "--parents")
    ik("g13_matrix", "matrix", "-o", "out_gmatrix.csv")
    ik("g14_segments", "segments", "-o", "out_gsegments.csv")
    keep_files(out, work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the outputs (emptied first)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for name, build in (("samples", sample_project), ("generated", generated_project)):
            (args.out / name).mkdir(parents=True)
            (work / name).mkdir(parents=True, exist_ok=True)
            build(args.out / name, work / name)
    files = sum(1 for p in args.out.rglob("*") if p.is_file())
    print(f"{files} files under {args.out}")


if __name__ == "__main__":
    main()
