"""The manifest stores the encoded records it is given and gives them back as they were.

That it imports nothing of the report, and that no module of a batch is in an import cycle,
is held by tests/test_layers.py.
"""

from __future__ import annotations

from normalize.batch.manifest import Manifest, Outcome


def test_the_manifest_gives_back_the_encoded_record_it_was_given(tmp_path):
    record = ('{\n   "path": "a.txt"\n  }', b"\x00any bytes\xff")  # stored as given, whatever the bytes
    manifest = Manifest(tmp_path / ".normalize", "rules", "tool")
    try:
        manifest.save([Outcome("a.txt", "changed", record, "input hash", "output hash")])
        known = manifest.known("a.txt")
    finally:
        manifest.close()
    assert (known.input_hash, known.output_hash, known.record) == ("input hash", "output hash", record)
