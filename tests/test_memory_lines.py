"""Memory of one long line: a whole article on one line is read in memory bounded by its size (issue 20).

Each test measures what one step allocates beyond its input with tracemalloc, on a line of
about a megabyte, and bounds it by a small multiple of the line's size; no test is timed.
"""

from __future__ import annotations

from normalize.changes import Change
from normalize.pipeline import Pipeline
from normalize.report.record import ChangeDicts, entry_json, entry_pieces
from normalize.stages.encoding import _word_changes
from normalize.stages.language import language_model
from normalize.text import compressed, decompressed_text

from memory import peak_bytes

LINE = "Officials met in Kiev on Sunday, then went home. " * 20_000  # one line of about a megabyte



def test_a_repaired_line_is_compared_word_by_word_without_listing_its_words():
    repaired = LINE[:-6] + "homé. "  # as many words, the last one repaired
    assert [(c.before, c.after) for c in _word_changes(LINE, repaired, 0, "r")] == [("home.", "homé.")]
    assert peak_bytes(_word_changes, LINE, repaired, 0, "r") < len(LINE) // 10  # a list of its words: about 30 times its size


def test_a_line_that_gained_a_space_is_compared_in_memory_a_few_times_its_size():
    repaired = LINE[:100] + " " + LINE[100:]  # a space gained inside a word: one word more
    assert [(c.start, c.before, c.after) for c in _word_changes(LINE, repaired, 0, "r")] == [(98, "Officials", "Of ficials")]
    assert peak_bytes(_word_changes, LINE, repaired, 0, "r") < 8 * len(LINE)  # its words listed: about 40 times


def test_a_change_of_a_long_text_is_written_to_the_report_in_pieces():
    change = Change("fix_encoding", "ftfy", 0, len(LINE), LINE.replace("Kiev", "Kiév"), LINE)  # most of a line repaired
    entry = {"path": "a.txt", "changes": ChangeDicts([change])}
    assert "".join(decompressed_text(compressed(entry_pieces(entry)))) == entry_json({"path": "a.txt", "changes": [change.as_dict()]})
    assert peak_bytes(lambda: compressed(entry_pieces(entry))) < len(LINE)  # escaped, indented and encoded whole: 5 times


def test_many_paragraphs_are_scored_a_block_of_words_at_a_time():
    samples = [f"Paragraph {n}: the officials met in the capital on Sunday and spoke of the talks." for n in range(12_000)]
    words = sum(len(sample.split()) for sample in samples)  # 180,000
    model = language_model()
    for _ in ("new words", "known words"):  # the words' lists and arrays: about 300 bytes a word; their rows of
        assert peak_bytes(model.scores, samples) < 600 * words  # 55 languages gathered at once, 880 bytes a word more


def test_a_line_is_checked_for_what_a_respelling_leaves_to_repair_with_no_stage_text_alive_beside_it():
    line = "\U0001F600 \x81 " + "Officials met in the capital on Sunday, then went home. " * 20_000 + "Kiev."
    size = len(line) * 4  # an emoji: four bytes a character; a C1 control left as written: ftfy reads the line
    pipeline = Pipeline()
    assert pipeline.clean_text(line).text.endswith("Kyiv.")  # its lexicons read before the measure
    # the check (ftfy on the edited line: its copy and ftfy's two) is the peak; the spelling stage's copy
    # of the text and read_c1_controls' copy of a line it leaves as it is were alive beside it: 4.6 times
    assert peak_bytes(pipeline.clean_text, line) < 4.3 * size


def test_the_words_two_lines_end_with_are_found_without_reversing_either():
    line = LINE + "\U0001F600"  # an emoji: four bytes a character, in the words the lines end with
    repaired = line[:100] + " " + line[100:]  # a space gained: the change runs from the first word that differs to the last
    assert [(c.start, c.before, c.after) for c in _word_changes(line, repaired, 0, "r")] == [(98, "Officials", "Of ficials")]
    # the numbers of the words after the space (all differ, one for one); the lines reversed were three copies
    assert peak_bytes(_word_changes, line, repaired, 0, "r") < 2 * 4 * len(line)


def test_a_repair_of_most_of_a_line_is_held_as_its_place_while_the_other_stages_run():
    sentence = "Officials met in the capital on Sunday, then went home. "
    line = "\x81 a Â b " + sentence * 10_000 + "\U0001F600 " + sentence * 10_000 + "Kiev a Â b."  # four bytes a character
    pipeline = Pipeline()
    cleaned = pipeline.clean_text(line)  # 'a Â b' is 'a \xa0b': a space lost, one change from the first to the last
    assert [(c.stage, c.start, c.end) for c in cleaned.changes] == [("fix_encoding", 3, len(line) - 2), ("spelling", len(line) - 12, len(line) - 8)]
    # its before and after (two copies of the line) were alive through the other stages: 7.0 times the line
    assert peak_bytes(pipeline.clean_text, line) < 6 * 4 * len(line)
