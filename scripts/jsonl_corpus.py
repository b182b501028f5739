"""Build a JSON Lines file of real articles with two broken lines, clean it, and check the result.

The articles come from ``../shared/corpora`` (press releases of the Ukrainian and
Russian presidents, and English news about the war); they are written to a
temporary folder, never into the repository.  Prints what ``normalize clean``
made of the file: every good record cleaned (cleaning the output again changes
nothing), the two broken lines reported by number and kept byte for byte,
every non-prose field and every key order unchanged.

    python scripts/jsonl_corpus.py [--limit N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
BROKEN = ('{"id": "broken-1", "title": "Zelenskiy in Kiev", "body": "unterminated',
          '{"id": "broken-2", "headline": Kiev talks}')


def articles(limit: int | None = None) -> list[dict]:
    """Real articles as records, in a fixed order."""
    csv.field_size_limit(sys.maxsize)
    records = []
    for name in ("zelenskyy", "putin"):
        with open(CORPORA / "zelenskyy-putin-press-releases" / f"{name}.csv", encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), start=1):
                records.append({"id": f"{name}-{number}", "url": row["link"], "date": row["date"],
                                "headline": row["headline"], **({"summary": row["summary"]} if row.get("summary") else {}),
                                "body": row["body"], "source": name})
    for path in sorted((CORPORA / "ukraine-war-news-gdelt-en" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        records.append({"id": path.stem, "url": f"https://gdelt.example/{path.stem}", "lang": "en",
                        "title": title, "body": body, "source": "gdelt"})
    return records[::max(1, len(records) // limit)][:limit] if limit else records


def build(folder: Path, limit: int | None = None) -> tuple[Path, list[int]]:
    """Write ``articles.jsonl`` with the two broken lines at a third and two thirds; return it and their numbers."""
    lines = [json.dumps(record, ensure_ascii=False) for record in articles(limit)]
    broken_at = [len(lines) // 3 + 1, 2 * len(lines) // 3 + 1]
    for number, line in zip(broken_at, BROKEN):
        lines.insert(number - 1, line)
    path = folder / "in" / "articles.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, broken_at


def verify(source: Path, output: Path, broken_at: list[int]) -> dict:
    """Compare input and output record by record; return the figures (raises AssertionError on a breach)."""
    from normalize import Config
    before = source.read_text(encoding="utf-8").split("\n")
    after = output.read_text(encoding="utf-8").split("\n")
    assert len(before) == len(after), "the number of lines changed"
    prose = {name.casefold() for name in Config().prose_fields}
    changed = 0
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if number in broken_at or not old:
            assert old == new, f"line {number}: a broken line was not kept as it was"
            continue
        old_record, new_record = json.loads(old), json.loads(new)
        assert list(old_record) == list(new_record), f"line {number}: keys or their order changed"
        for key in old_record:
            if key.casefold() not in prose:
                assert old_record[key] == new_record[key], f"line {number}: non-prose field {key!r} changed"
        changed += old != new
    return {"records": len(before) - 1 - len(broken_at), "records_changed": changed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="use about this many articles (default: all)")
    parser.add_argument("--keep", type=Path, help="build in this folder instead of a temporary one")
    args = parser.parse_args(argv)
    from normalize import check_folder, clean_folder
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        source, broken_at = build(folder, args.limit)
        started = time.perf_counter()
        report = clean_folder(folder / "in", folder / "out", report_paths=[folder / "report.json"])
        seconds = time.perf_counter() - started
        (entry,) = report.files
        figures = verify(source, folder / "out" / "articles.jsonl", broken_at)
        again = next(check_folder(folder / "out"))
        print(f"{figures['records']} records ({source.stat().st_size / 1e6:.1f} MB), broken lines at {broken_at}")
        print(f"status {entry['status']}; problems reported at lines {[p['line'] for p in entry['problems']]}")
        print(f"{figures['records_changed']} records changed, {report.summary['replacements']} replacements, "
              f"{report.summary['repairs']} repairs, in {seconds:.1f} s")
        print(f"cleaning the output again: {len(again.changes)} changes; non-prose fields and key order unchanged")
        ok = [p["line"] for p in entry["problems"]] == broken_at and not again.changes and entry["status"] == "partial"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
