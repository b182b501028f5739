"""How much longer pathological text takes than ordinary text of the same size.

Each pathological text (tests/test_guarantee_hostile.py) is cleaned through its
format's reader, and so is ordinary news prose of the same length, in this process;
the figure is the ratio of the two times, so it does not depend on the machine.
A quadratic pass shows as a ratio that doubles when --size doubles.

    python scripts/bench_hostile.py [--size 300000] [--only NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from normalize import Pipeline  # noqa: E402
from normalize.formats import clean_document, format_of, FormatError  # noqa: E402
from normalize.config import Config  # noqa: E402

ORDINARY = ("The talks in Kiev went on late into the night, officials said, and Zelenskiy met the envoys "
            "on Sunday in Kharkov before flying to Berlin. ")


def pathological(size: int) -> dict[str, str]:
    return {
        "no-spaces.txt": "Kiev" * (size // 4),
        "dots.txt": "a." * (size // 2),
        "dashes-and-dots.txt": "Kiev-a.b@" * (size // 9),
        "empty-lines.txt": "\n" * size,
        "tiny-lines.txt": "a\n" * (size // 2),
        "unmatched-backticks.md": "".join("`" * k + "a" for k in range(int((2 * size) ** 0.5), 0, -1)),
        "unclosed-fences.md": "".join("`" * k + "\n" for k in range(int((2 * size) ** 0.5), 2, -1)),
        "deep.html": "<div>" * (size // 11) + "Kiev" + "</div>" * (size // 11),
        "deep-quotes.md": "> " * (size // 2) + "Kiev\n",
        "one-long-cell.csv": 'text\n"' + "Talks in Kiev. " * (size // 15) + '"\n',
        "many-entities.html": "<p>" + "&amp;" * (size // 5) + " Kiev</p>",
    }


def seconds(pipeline: Pipeline, text: str, format_name: str) -> float:
    start = time.perf_counter()
    try:
        clean_document(pipeline, text, format_name)
    except FormatError:
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=300_000, help="characters of each text")
    parser.add_argument("--only", help="one of the pathological texts")
    args = parser.parse_args()
    pipeline = Pipeline(Config())
    print(f"{'text':26} {'chars':>9} {'seconds':>8} {'baseline':>8} {'ratio':>6}")
    for name, text in pathological(args.size).items():
        if args.only and name != args.only:
            continue
        format_name = format_of(name, pipeline.config)
        ordinary = {"csv": "text\n\"" + ORDINARY * (len(text) // len(ORDINARY)) + "\"\n",
                    "html": "<p>" + ORDINARY * (len(text) // len(ORDINARY)) + "</p>"}.get(format_name, ORDINARY * (len(text) // len(ORDINARY)))
        baseline = seconds(pipeline, ordinary, format_name)
        taken = seconds(pipeline, text, format_name)
        print(f"{name:26} {len(text):9} {taken:8.2f} {baseline:8.2f} {taken / max(baseline, 1e-9):6.2f}")


if __name__ == "__main__":
    main()
