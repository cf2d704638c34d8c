#!/usr/bin/env python3
"""Generate the phone metadata table and the phone conformance corpus from libphonenumber.

The phone normaliser (SPEC §5.4) must give the E.164 that libphonenumber gives. It follows
libphonenumber's parsing step by step, and this script hands it, for every region and every
non-geographic calling code, what that parsing reads from the metadata:

- the country calling code, and whether the region is the main one for its code;
- the international call prefix (a pattern, matched with Python's `re` semantics);
- the national prefix for parsing (a pattern with capture groups) and its transform rule;
- the general number pattern, compiled here into a minimal deterministic automaton over the
  digits 0-9, so the Swift side never runs a regular expression for it;
- the possible lengths of a national number, and the lengths that are possible only locally.

It also writes the conformance corpus: every example number libphonenumber carries, of every
region and type, written nationally, internationally, in E.164, with dots, as digits only and
as dialled from the US, plus too-short, too-long and letter cases, each with the E.164
libphonenumber parses it to (or "-" when libphonenumber cannot parse it or does not consider
the result possible, local-only lengths excluded).

Usage (from the repository root):

    python3 -m venv /tmp/phonenumbers && /tmp/phonenumbers/bin/pip install phonenumbers==9.0.43
    /tmp/phonenumbers/bin/python scripts/generate-phone-regions.py

The output is deterministic for a given phonenumbers version (the table is passed through
`swift format`); commit both files.
"""

import shutil
import subprocess
import sys

try:
    import re._parser as sre_parse  # Python 3.11+
    from re._constants import MAXREPEAT
except ImportError:  # pragma: no cover - older interpreters
    import sre_parse
    from sre_constants import MAXREPEAT

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import ValidationResult

TABLE_PATH = "Sources/TikTokOfflineCore/Normalization/PhoneRegionTable.swift"
CORPUS_PATH = "Tests/TikTokOfflineCoreTests/Fixtures/phone-conformance.tsv"

# The characters that name automaton states in the generated strings ("." is the dead state).
STATE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&*+-/:;<=>?@^_|~"
DIGITS = frozenset(range(10))


# --- Regular expression to minimal DFA over the digits -------------------------------------


class _NFA:
    def __init__(self):
        self.epsilon = []
        self.moves = []

    def state(self):
        self.epsilon.append([])
        self.moves.append([])
        return len(self.epsilon) - 1


def _digit_set(op, arg):
    name = str(op)
    if name == "LITERAL":
        char = chr(arg)
        if not char.isdigit():
            raise ValueError(f"non-digit literal {char!r}")
        return frozenset([int(char)])
    if name == "CATEGORY" and str(arg) == "CATEGORY_DIGIT":
        return DIGITS
    if name == "IN":
        digits, negate = set(), False
        for sub_op, sub_arg in arg:
            sub = str(sub_op)
            if sub == "LITERAL":
                digits.add(int(chr(sub_arg)))
            elif sub == "RANGE":
                digits.update(int(chr(c)) for c in range(sub_arg[0], sub_arg[1] + 1))
            elif sub == "CATEGORY" and str(sub_arg) == "CATEGORY_DIGIT":
                digits.update(DIGITS)
            elif sub == "NEGATE":
                negate = True
            else:
                raise ValueError(f"unsupported class item {sub}")
        return frozenset(DIGITS - digits) if negate else frozenset(digits)
    return None


def _thompson(nfa, items, current):
    for op, arg in items:
        current = _thompson_item(nfa, op, arg, current)
    return current


def _thompson_item(nfa, op, arg, current):
    digits = _digit_set(op, arg)
    if digits is not None:
        target = nfa.state()
        nfa.moves[current].append((digits, target))
        return target
    name = str(op)
    if name == "SUBPATTERN":
        return _thompson(nfa, arg[-1], current)
    if name == "BRANCH":
        end = nfa.state()
        for branch in arg[1]:
            start = nfa.state()
            nfa.epsilon[current].append(start)
            nfa.epsilon[_thompson(nfa, branch, start)].append(end)
        return end
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, body = arg
        for _ in range(low):
            current = _thompson(nfa, body, current)
        if high == MAXREPEAT:
            loop = nfa.state()
            nfa.epsilon[current].append(loop)
            nfa.epsilon[_thompson(nfa, body, loop)].append(loop)
            return loop
        end = nfa.state()
        nfa.epsilon[current].append(end)
        for _ in range(high - low):
            current = _thompson(nfa, body, current)
            nfa.epsilon[current].append(end)
        return end
    raise ValueError(f"unsupported regex op {name}")


def _closure(nfa, states):
    stack, seen = list(states), set(states)
    while stack:
        for target in nfa.epsilon[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return frozenset(seen)


def automaton(pattern):
    """Return (transitions, accepting) of the minimal DFA that fully matches `pattern`."""
    nfa = _NFA()
    start = nfa.state()
    end = _thompson(nfa, sre_parse.parse(pattern), start)
    first = _closure(nfa, [start])
    index, order, table, accepting = {first: 0}, [first], [], []
    position = 0
    while position < len(order):
        states, row = order[position], []
        for digit in range(10):
            targets = {t for s in states for digits, t in nfa.moves[s] if digit in digits}
            if not targets:
                row.append(-1)
                continue
            closed = _closure(nfa, targets)
            if closed not in index:
                index[closed] = len(order)
                order.append(closed)
            row.append(index[closed])
        table.append(row)
        accepting.append(end in states)
        position += 1
    return _minimize(table, accepting)


def _minimize(table, accepting):
    blocks = [1 if a else 0 for a in accepting]
    while True:
        signatures = {}
        refined = [
            signatures.setdefault((blocks[s],) + tuple(blocks[t] if t >= 0 else -1 for t in table[s]), len(signatures))
            for s in range(len(table))
        ]
        settled = len(signatures) == len(set(blocks))
        blocks = refined
        if settled:
            break
    numbering, order = {}, []

    def visit(state):
        if blocks[state] not in numbering:
            numbering[blocks[state]] = len(numbering)
            order.append(state)

    visit(0)
    position = 0
    while position < len(order):
        for target in table[order[position]]:
            if target >= 0:
                visit(target)
        position += 1
    transitions = [[numbering[blocks[t]] if t >= 0 else -1 for t in table[s]] for s in order]
    return transitions, [accepting[s] for s in order]


def encode_automaton(pattern):
    transitions, accepting = automaton(pattern)
    if len(transitions) > len(STATE_ALPHABET):
        raise ValueError(f"automaton of {len(transitions)} states does not fit the alphabet")
    moves = "".join(STATE_ALPHABET[t] if t >= 0 else "." for row in transitions for t in row)
    finals = "".join(STATE_ALPHABET[s] for s, final in enumerate(accepting) if final)
    return moves, finals


# --- The table -----------------------------------------------------------------------------


def swift_raw(value):
    return '#"' + value + '"#'


def metadata_rows():
    rows = []
    main_regions = {code: regions[0] for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        rows.append((region, PhoneMetadata.metadata_for_region(region), main_regions[PhoneMetadata.metadata_for_region(region).country_code] == region))
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        rows.append(("001", PhoneMetadata.metadata_for_nongeo_region(code), True))
    return rows


def write_table(out):
    out.write("// Generated by scripts/generate-phone-regions.py from libphonenumber metadata\n")
    out.write(f"// (phonenumbers {phonenumbers.__version__}). Do not edit by hand; rerun the script.\n\n")
    out.write("extension PhoneRegionTable {\n")
    out.write("    /// What libphonenumber's parsing reads for every region and non-geographic calling code.\n")
    out.write("    static let generatedRows: [Row] = [\n")
    for region, meta, main in metadata_rows():
        general = meta.general_desc
        moves, finals = encode_automaton(general.national_number_pattern or "(?!)")
        lengths = ",".join(str(n) for n in general.possible_length)
        local = ",".join(str(n) for n in general.possible_length_local_only)
        out.write(
            f'        Row("{region}", {meta.country_code}, main: {"true" if main else "false"}, '
            f"international: {swift_raw(meta.international_prefix or '')}, "
            f"nationalPrefix: {swift_raw(meta.national_prefix_for_parsing or '')}, "
            f"transform: {swift_raw(meta.national_prefix_transform_rule or '')}, "
            f'lengths: "{lengths}", localLengths: "{local}", '
            f'pattern: "{moves}", accepting: "{finals}"),\n'
        )
    out.write("    ]\n}\n")


# --- The conformance corpus ------------------------------------------------------------------

NUMBER_TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.TOLL_FREE: "toll free",
    PhoneNumberType.PREMIUM_RATE: "premium rate",
    PhoneNumberType.SHARED_COST: "shared cost",
    PhoneNumberType.VOIP: "VoIP",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "UAN",
    PhoneNumberType.VOICEMAIL: "voicemail",
}

ALLOWED = set("0123456789 +-./()")


def libphonenumber_e164(text, region):
    """The E.164 libphonenumber gives for `text` read in `region`, or "-" when it gives none."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "-"
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return "-"
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def written_forms(number, region):
    """(text, region it is read in, how it is written) for one example number."""
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    forms = [
        (national, region, "national"),
        (international, region, "international"),
        (phonenumbers.format_number(number, PhoneNumberFormat.E164), region, "E.164"),
        (international.replace(" ", ".").replace("-", "."), region, "dots"),
        ("".join(c for c in national if c.isdigit()), region, "digits"),
        (phonenumbers.format_out_of_country_calling_number(number, "US"), "US", "from US"),
    ]
    if region == "":
        forms = [f for f in forms if f[2] not in ("national", "digits")]
    return forms


def edge_cases(number, region):
    """Too short, too long and lettered variants of one example number."""
    digits = "".join(c for c in phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) if c.isdigit())
    international = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return [
        (digits[:-1], region, "one digit short"),
        (digits[: max(len(digits) // 2, 3)], region, "half"),
        (digits + "5", region, "one digit long"),
        (international + "1234", region, "four digits long"),
        (international[: max(len(international) - 3, 4)], region, "three digits short"),
    ]


LETTER_CASES = [
    ("1-800-FLOWERS", "US"),
    ("06 12 AB 56 78", "FR"),
    ("+44 20 7183 8750 ext. 12", "GB"),
    ("+33 6 12 34 56 78 x12", "FR"),
    ("06 12 34 56 78#", "FR"),
    ("*06 12 34 56 78", "FR"),
]

SPEC_CASES = [
    ("+12133734253", ""),
    ("+1555-555-5555", ""),
    ("+33 (0)6-12-34-56-78", "FR"),
    ("+33 06 12 34 56 78", "FR"),
    ("+49 (0)30 1234567", "DE"),
    ("06 12 34 56 78", "FR"),
    ("1 (555) 555-0100", "US"),
    ("8 (912) 345-67-89", "RU"),
    ("8 029 491-19-11", "BY"),
    ("011 15-2345-6789", "AR"),
    ("06 1234 5678", "IT"),
    ("+39 (0)6 1234 5678", "IT"),
    ("+989601", ""),
    ("06 12 34", "FR"),
    ("33 6 12 34 56 78", "FR"),
    ("0033 6 12 34 56 78", "FR"),
    ("810 33 6 12 34 56 78", "RU"),
    ("010 33 6 12 34 56 78", "JP"),
    ("011 33 6 12 34 56 78", "US"),
]


def corpus_rows():
    rows, seen = [], set()

    def add(text, region, kind, expected=None, note=""):
        key = (text, region)
        if key in seen or not text:
            return
        seen.add(key)
        if expected is None:
            if set(text) - ALLOWED:
                raise ValueError(f"{text!r} ({kind}) holds characters §5.4 does not allow")
            expected = libphonenumber_e164(text, region or None)
        rows.append((region, text, expected, kind + note))

    for text, region in SPEC_CASES:
        add(text, region, "SPEC §5.4")
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type, type_name in NUMBER_TYPES.items():
            number = phonenumbers.example_number_for_type(region, number_type)
            if number is None:
                continue
            for text, read_in, kind in written_forms(number, region):
                add(text, read_in, f"{kind}, {region} {type_name}")
        first = phonenumbers.example_number(region) or phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
        if first is not None:
            for text, read_in, kind in edge_cases(first, region):
                add(text, read_in, f"{kind}, {region}")
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        number = phonenumbers.example_number_for_non_geo_entity(code)
        if number is None:
            continue
        for text, read_in, kind in written_forms(number, ""):
            add(text, read_in, f"{kind}, +{code}")
    for text, region in LETTER_CASES:
        add(text, region, "not digits", expected="-", note=f" (libphonenumber alone: {libphonenumber_e164(text, region)})")
    return rows


def write_corpus(out):
    out.write(f"# Phone conformance corpus, generated by scripts/generate-phone-regions.py (phonenumbers {phonenumbers.__version__}).\n")
    out.write("# region<TAB>text<TAB>E.164 libphonenumber gives, or - when none or not possible<TAB>what the row is\n")
    out.write("# An empty region means none is known. Rows marked \"not digits\" follow SPEC §5.4, which refuses\n")
    out.write("# letters, '#', '*' and extensions that libphonenumber would convert or strip.\n")
    for region, text, expected, kind in corpus_rows():
        out.write(f"{region}\t{text}\t{expected}\t{kind}\n")


def main():
    with open(TABLE_PATH, "w", encoding="utf-8") as table:
        write_table(table)
    with open(CORPUS_PATH, "w", encoding="utf-8") as corpus:
        write_corpus(corpus)
    # The committed table is in the project's format, so `swift format lint` stays quiet.
    if shutil.which("swift"):
        subprocess.run(["swift", "format", "--in-place", TABLE_PATH], check=True)
    else:
        print("swift not found: run `swift format --in-place` on the table before committing", file=sys.stderr)
    print(f"wrote {TABLE_PATH} and {CORPUS_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
