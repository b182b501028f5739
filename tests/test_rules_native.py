"""Entities declared by their native names (issue 18): the ``native`` and ``former`` fields, the
spellings derived from them by each romanisation system, and the ``rules show``/``rules lint`` commands."""

from __future__ import annotations

import pytest

from normalize.errors import RulesError
from normalize.rules.load import parse_rules

HEADER = 'languages = ["en", "de", "pl", "uk", "ru"]\n'


def _rules(body: str):
    return parse_rules([("my.toml", HEADER + body)])


def test_native_and_former_are_read():
    rules = _rules('[[entity]]\nid = "dnipro"\nkind = "place"\ncanonical = { default = "Dnipro" }\n'
                   'native = { uk = "Дніпро", ru = "Днепр" }\nformer = ["Dnipropetrovsk", "Днепропетровск"]\n')
    entity = rules.entities["dnipro"]
    assert entity.native == {"uk": "Дніпро", "ru": "Днепр"}
    assert entity.former == ["Dnipropetrovsk", "Днепропетровск"]
    assert entity.rule_of("Dnipropetrovsk") == "my.toml:7"


@pytest.mark.parametrize("field, line, words", [
    ('native = { uk = "Yermak" }', 5, "not written in the script of 'uk'"),
    ('native = { xx = "Єрмак" }', 5, "no romanisation is known"),
    ('native = "Єрмак"', 4, "native must be a table"),
    ('former = "Artemivsk"', 4, "former must be a list"),
])
def test_native_errors_name_file_and_line(field, line, words):
    with pytest.raises(RulesError) as error:
        _rules(f'[[entity]]\nid = "yermak"\n\n{field}\n' if line == 5 else f'[[entity]]\nid = "yermak"\n{field}\n')
    assert f"my.toml:{line}" in str(error.value) and words in str(error.value)


# --- derivation: one test per romanisation system, on the examples its standard publishes ------------

def _by_system(native: dict[str, str]) -> dict[str, str]:
    """system -> the form it gives of ``native``."""
    from normalize.rules.derive import romanize_native
    return {system: form for form, systems in romanize_native(native) for system in systems.split(", ")}


@pytest.mark.parametrize("system, examples", [
    # Resolution No. 55 of the Cabinet of Ministers of Ukraine (27 January 2010), the table's examples.
    ("uk KMU 2010", {"Згорани": "Zghorany", "Розгон": "Rozghon", "Алушта": "Alushta", "Борщагівка": "Borshchahivka",
                     "Єнакієве": "Yenakiieve", "Їжакевич": "Yizhakevych", "Йосипівка": "Yosypivka", "Юрій": "Yurii",
                     "Яготин": "Yahotyn", "Знам'янка": "Znamianka", "Згурський": "Zghurskyi"}),
    # BGN/PCGN 2019 adopted the 2010 national system as it is.
    ("uk BGN/PCGN 2019", {"Згорани": "Zghorany", "Розгон": "Rozghon", "Юрій": "Yurii"}),
    # BGN/PCGN 1965, as in the GNS gazetteer before 2019: Kyyiv, L'viv, Zaporizhzhya.
    ("uk BGN/PCGN 1965", {"Київ": "Kyyiv", "Львів": "L'viv", "Запоріжжя": "Zaporizhzhya"}),
    # ISO 9:1995 (= GOST 7.79 system A), its table: г g, і ì, ї ï, х h, щ ŝ, я â, ь ′.
    ("uk ISO 9", {"Київ": "Kiïv", "Харків": "Harkìv", "Щастя": "Ŝastâ"}),
    # ALA-LC romanisation tables, Ukrainian: ї ï, ь ʹ.
    ("uk ALA-LC", {"Київ": "Kyïv", "Львів": "Lʹviv"}),
    # The scholarly (linguistic) system: х x, ж ž, ї ji, й j.
    ("uk scholarly", {"Київ": "Kyjiv", "Харків": "Xarkiv", "Залужний": "Zalužnyj"}),
    # French: ou for у, j for ж, ï kept (Mykolaïv, Louhansk: Le Monde, AFP).
    ("uk French", {"Миколаїв": "Mykolaïv", "Луганськ": "Louhansk", "Єрмак": "Iermak"}),
    # Duden's table, which dpa follows (rules/conventions/ukrainian.toml).
    ("uk de Duden/dpa", {"Зеленський": "Selenskyj", "Єрмак": "Jermak", "Харків": "Charkiw",
                         "Запоріжжя": "Saporischschja", "Миколаїв": "Mykolajiw", "Донецьк": "Donezk",
                         # dpa and the Tagesschau: ss between vowels, the apostrophe dropped
                         "Лисичанськ": "Lyssytschansk", "Часів Яр": "Tschassiw Jar", "Куп'янськ": "Kupjansk",
                         "Слов'янськ": "Slowjansk", "Черкаси": "Tscherkassy"}),
    # PWN's transcription from Ukrainian.
    ("uk pl PWN", {"Зеленський": "Zełenski", "Єрмак": "Jermak", "Луганськ": "Łuhańsk", "Подоляк": "Podolak"}),
    # Fundéu RAE.
    ("uk es Fundéu RAE", {"Зеленський": "Zelenski", "Єрмак": "Yermak", "Запоріжжя": "Zaporiyia", "Подоляк": "Podoliak"}),
    ("uk it ANSA", {"Зеленський": "Zelensky", "Єрмак": "Yermak", "Подоляк": "Podolyak"}),
    ("uk pt Lusa/Folha", {"Зеленський": "Zelensky", "Єрмак": "Yermak"}),
])
def test_each_ukrainian_system_gives_its_published_forms(system, examples):
    for name, expected in examples.items():
        assert _by_system({"uk": name})[system] == expected, (system, name)


@pytest.mark.parametrize("system", [
    "Wikipedia", "BGN/PCGN", "ISO 9 (GOST 7.79)", "GOST R 7.0.34", "GOST 16876", "GOST R 52535 passport",
    "ALA-LC", "ICAO 9303 passport", "MVD 310 passport", "MVD 782 passport", "scholarly",
])
def test_each_russian_system_gives_its_published_samples(system):
    """iuliia's schemes carry the samples that each standard publishes (names and the pangram): all must come out."""
    import unicodedata
    from normalize.rules.derive import RUSSIAN_SYSTEMS
    schema = dict((name, getattr(romanize, "__self__", None)) for name, romanize in RUSSIAN_SYSTEMS)[system]
    assert schema.samples, system
    for cyrillic, latin in schema.samples:
        assert _by_system({"ru": cyrillic})[f"ru {system}"] == unicodedata.normalize("NFC", latin), (system, cyrillic)


def test_a_ukrainian_entity_gets_the_russian_based_forms_through_its_russian_name():
    systems = _by_system({"uk": "Єрмак", "ru": "Ермак"})
    assert systems["uk KMU 2010"] == "Yermak" and systems["ru ICAO 9303 passport"] == "Ermak"


def test_derived_forms_fill_the_unwritten_canonicals_and_record_their_system():
    rules = _rules('[[entity]]\nid = "yermak"\nkind = "person"\nnative = { uk = "Єрмак", ru = "Ермак" }\n')
    entity = rules.entities["yermak"]
    assert entity.canonical == {"en": "Yermak", "de": "Jermak", "pl": "Jermak", "uk": "Єрмак", "ru": "Ермак"}
    assert "Ermak" in entity.variants and "uk KMU 2010" in entity.rule_of("Yermak")
    assert entity.rule_of("Ermak").startswith("my.toml:5 (ru ")
    assert rules.lexicon("en").forms[("jermak",)].canonical == "Yermak"


def test_hand_written_forms_override_and_other_entities_keep_their_forms():
    rules = _rules('[[entity]]\nid = "ermak"\ncanonical = { default = "Ermak" }\n\n'
                   '[[entity]]\nid = "yermak"\ncanonical = { default = "Yermak" }\nvariants = ["Jermak"]\n'
                   'native = { uk = "Єрмак", ru = "Ермак" }\n')
    yermak = rules.entities["yermak"]
    assert "Ermak" not in yermak.variants  # another entity's form: theirs
    assert yermak.rule_of("Jermak") == "my.toml:9"  # written by hand: its line, no system
    assert yermak.rule_of("Yermak") == "my.toml:8"


def test_a_derived_form_that_is_a_common_word_is_not_added():
    rules = _rules('[[entity]]\nid = "myr"\nnative = { uk = "Мир", ru = "Мир" }\n')  # de "mir", "to me"
    assert not any(phrase == ("mir",) for phrase in map(rules.phrase_keys.__getitem__, rules.entities["myr"].all_forms()))


def test_a_former_name_is_found_and_left_never_rewritten():
    from normalize.stages.spelling import find_mentions
    rules = _rules('[[entity]]\nid = "dnipro"\ncanonical = { default = "Dnipro" }\n'
                   'native = { uk = "Дніпро" }\nformer = ["Dnipropetrovsk"]\n')
    [former, renamed] = find_mentions("Dnipropetrovsk is now Dnipro.", rules.lexicon("en"))
    assert former.left == "former name: history" and former.replacement == "Dnipropetrovsk"
    assert former.rule == "my.toml:6" and renamed.replacement == "Dnipro"


def test_every_derived_form_of_the_builtin_rules_is_stable_and_claimed_once():
    """Loading runs the stability check over the derived forms; each derived form belongs to one entity."""
    from normalize.rules.load import load_rules
    rules = load_rules()
    owners: dict[tuple[str, tuple[str, ...]], str] = {}
    for entity in rules.entities.values():
        for form in entity.all_forms():
            holder = owners.setdefault((rules.scripts[form], rules.phrase_keys[form]), entity.id)
            assert holder == entity.id, (form, holder, entity.id)
    assert any(entity.systems for entity in rules.entities.values())


# --- normalize rules show / lint ------------------------------------------------------------------------

def test_rules_show_prints_each_form_with_what_produced_it(tmp_path, capsys):
    from normalize.cli import main
    path = tmp_path / "mine.toml"
    path.write_text(HEADER + '[[entity]]\nid = "yermak"\nnative = { uk = "Єрмак", ru = "Ермак" }\n'
                    'former = ["Yermakivka"]\n', encoding="utf-8")
    assert main(["rules", "show", "yermak", "--rules", str(path), "--no-builtin-rules"]) == 0
    out = capsys.readouterr().out
    assert f"  en  Yermak  ({path}:4 (uk KMU 2010," in out
    assert f"        Ermak  ({path}:4 (ru " in out and f"former  Yermakivka  ({path}:5)" in out


@pytest.mark.parametrize("body, status, words", [
    ('[[entity]]\nid = "yermak"\nnative = { uk = "Єрмак" }\n', 0, "no problems"),
    ('[[entity]]\nid = "kyiv2"\ncanonical = { default = "Kiev" }\n', 1, "is already a form of entity 'kyiv'"),
    ('[[entity]]\nid = "mir"\ncanonical = { default = "Mir" }\n', 1, "mine.toml:4: 'Mir' of entity 'mir' is also a common word of de"),
    ('[[entity]\nid = "x"\n', 2, "cannot read the rules file"),
])
def test_rules_lint_exit_status_and_messages(tmp_path, capsys, body, status, words):
    from normalize.cli import main
    path = tmp_path / "mine.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    assert main(["rules", "lint", str(path)]) == status
    captured = capsys.readouterr()
    assert words in captured.out + captured.err


def test_rules_lint_of_a_missing_file_is_unreadable(tmp_path):
    from normalize.cli import main
    assert main(["rules", "lint", str(tmp_path / "none.toml")]) == 2


@pytest.mark.parametrize("native, spellings", [
    ({"uk": "Подоляк"}, ("Podolyak", "Podoliak")), ({"uk": "Бородянка"}, ("Borodyanka", "Borodianka")),
    ({"uk": "Ізюм", "ru": "Изюм"}, ("Izyum", "Izium")), ({"uk": "Бердянськ", "ru": "Бердянск"}, ("Berdyansk", "Berdiansk")),
    ({"uk": "Залужний", "ru": "Залужный"}, ("Zaluzhny", "Zaluzhnyi")), ({"uk": "Ірпінь", "ru": "Ирпень"}, ("Irpin", "Irpen")),
    ({"uk": "Енергодар", "ru": "Энергодар"}, ("Enerhodar", "Energodar")),
    ({"uk": "Авдіївка", "ru": "Авдеевка"}, ("Avdiivka", "Avdeyevka")), ({"uk": "Янукович", "ru": "Янукович"}, ("Yanukovych", "Yanukovich")),
    ({"ru": "Небензя"}, ("Nebenzya", "Nebenzia")),
])
def test_the_spellings_issue_18_measured_in_the_english_press_are_derived_from_one_native_name(native, spellings):
    """Issue 18's pairs (Podolyak/Podoliak 69/40 ...): both spellings of each come from the systems."""
    from normalize.rules.derive import romanize_native
    assert set(spellings) <= dict(romanize_native(native)).keys()


def test_the_recorded_verdicts_on_derived_words_are_current():
    """rules/conventions/common_words.toml says what the lexicons say of every one-word derived
    spelling of the built-in rules (so that loading them reads no lexicon)."""
    import derived_common_words as script  # scripts/, on the path from conftest

    assert script.TABLE.read_text(encoding="utf-8") == script.table_text(), \
        "the built-in native names changed: run python scripts/derived_common_words.py"


def test_refused_and_underived_spellings():
    rules = _rules('[[entity]]\nid = "siversk"\nnative = { uk = "Сіверськ", ru = "Северск" }\nnot_variants = ["Seversk"]\n\n'
                   '[[entity]]\nid = "khmelnytskyi"\ncanonical = { en = "Khmelnytskyi" }\n'
                   'native = { uk = "Хмельницький" }\nderive = false\n')
    assert "Seversk" not in rules.entities["siversk"].all_forms() and "Siwersk" in rules.entities["siversk"].all_forms()
    assert rules.entities["khmelnytskyi"].variants == [] and not rules.entities["khmelnytskyi"].systems
    from normalize.rules_command import show_entity
    assert any("not a variant  Seversk  (my.toml:5)" in line for line in show_entity(rules, "siversk"))
    assert any(line.startswith("  derive = false") for line in show_entity(rules, "khmelnytskyi"))


def test_a_file_derives_canonicals_only_for_its_own_languages():
    rules = parse_rules([("all.toml", HEADER), ("en.toml", 'languages = ["en"]\n[[entity]]\nid = "yermak"\n'
                                                           'native = { uk = "Єрмак", ru = "Ермак" }\n')])
    assert rules.entities["yermak"].canonical == {"en": "Yermak"}


@pytest.mark.parametrize("field, words", [('derive = "no"', "derive must be true or false"),
                                           ('not_variants = "Seversk"', "not_variants must be a list")])
def test_refusal_errors_name_file_and_line(field, words):
    with pytest.raises(RulesError) as error:
        _rules(f'[[entity]]\nid = "siversk"\n{field}\n')
    assert "my.toml:" in str(error.value) and words in str(error.value)
