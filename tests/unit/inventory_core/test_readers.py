"""Reading CSV/XLSX bytes (pure core): encodings, separators, number formats, limits."""

import pytest

from assessment.inventory_core import readers
from assessment.inventory_core.base import Message, shorten
from assessment.inventory_core.readers import FileRefused, Limits


@pytest.mark.parametrize(
    "code,currency",
    [
        ("[$€-x-euro2] #,##0.00", "EUR"),
        ('"$"#,##0.00', "USD"),
        ("#,##0.00 [$EUR]", "EUR"),
        ("[$£-809]#,##0.00", "GBP"),
        ("[$$-1009]#,##0.00", "CAD"),
        ("[$$-409]#,##0.00;[Red]-[$$-409]#,##0.00", "USD"),
        ("\\€#,##0", "EUR"),
        ("#,##0.00\\ [$CHF]", "CHF"),
        ("[$R$-416] #,##0.00", "BRL"),
        ("#,##0.00", None),
        ("0%", None),
        ("yyyy-mm-dd", None),
        ('#,##0 "kr"', None),  # kr is several currencies
        ('[$€-x-euro2] #,##0.00;"$"#,##0.00', None),  # two currencies: none
    ],
)
def test_the_currency_of_a_number_format(code, currency):
    assert readers.format_currency(code) == currency


@pytest.mark.parametrize(
    "text,shown",
    [("1200", "EUR 1200"), ("800.5", "EUR 800.5"), ("1.234", "EUR 1.2340"), ("1E3", "EUR 1000")],
)
def test_money_text_reads_back_exactly(text, shown):
    from assessment.inventory_core.numbers import parse_money_with_currency

    assert readers.money_text(text, "EUR") == shown
    amount, currency = parse_money_with_currency(shown)
    assert currency == "EUR" and float(amount) == float(text)


@pytest.mark.parametrize(
    "data,text,warned",
    [
        ("Name\nCafé\n".encode("utf-8-sig"), "Name\nCafé\n", False),
        ("Name\nCafé\n".encode("utf-16"), "Name\nCafé\n", False),
        ("Name\nCafé\n".encode("utf-16-be"), "Name\nCafé\n", False),
        ("Name\nCafé €\n".encode("cp1252"), "Name\nCafé €\n", True),
        (b"Name\n\x81\xe9\n", "Name\n\x81é\n", True),  # undefined in cp1252: Latin-1
    ],
)
def test_decoding(data, text, warned):
    decoded, warning = readers.decode(data)
    assert decoded == text and (warning is not None) == warned


@pytest.mark.parametrize(
    "text,separator",
    [
        ("Name,Cost\nA,1\n", ","),
        ("Name;Cost\nA;1,5\n", ";"),
        ("Name\tCost\nA\t1,5\n", "\t"),
        ("Name|Cost\nA|1\n", "|"),
        ('Name,Notes\nA,"x;y;z"\n', ","),
        ("Name\nA\n", ","),
    ],
)
def test_the_separator_is_detected(text, separator):
    assert readers.detect_separator(text) == (separator, 0)


def test_excels_sep_line_names_the_separator_and_is_skipped():
    sheet = readers.read_csv(b"sep=;\nName;Vendor\nA;B\n")
    assert (sheet.headers, sheet.rows, sheet.row_numbers) == (["Name", "Vendor"], [["A", "B"]], [2])


def test_a_row_with_more_values_than_titles_is_a_row_error_and_nothing_is_lost_silently():
    sheet = readers.read_csv(b"Name,Annual cost,Vendor\nSalesforce,$1,200.00,Salesforce\nB,1,V\n")
    (error,) = sheet.errors
    assert error.row_number == 2
    assert str(error.msg).startswith("Row 2 has 4 values but the first row has 3 column titles")
    assert sheet.rows == [["Salesforce", "$1", "200.00"], ["B", "1", "V"]]


def test_an_unterminated_quote_is_a_row_error_and_reading_stops():
    sheet = readers.read_csv(b'Name,Vendor\nA,"Acme\nB,Beta\nC,Gamma\n')
    (error,) = sheet.errors
    assert error.row_number == 2 and "never closes" in str(error.msg)
    assert sheet.rows == []


def test_cells_are_capped_and_messages_quote_at_most_100_characters():
    sheet = readers.read_csv(b"Name,Notes\nA," + b"x" * 10_001 + b"\n", Limits())
    (error,) = sheet.errors
    assert len(error.value) <= 100 and len(str(error.msg)) < 300
    assert sheet.rows == [["A", None]]
    assert readers.read_csv(b"Name,Notes\nA," + b"x" * 10_000 + b"\n").errors == []


def test_text_in_all_is_bounded():
    with pytest.raises(FileRefused, match="more than 50 characters of text"):
        readers.read_csv(b"Name\n" + b"abcdefghij\n" * 6, Limits(max_text_chars=50))


def test_shorten_and_every_message_parameter():
    assert shorten("x" * 500) == "x" * 99 + "…"
    assert shorten("short") == "short" and shorten(5) == 5
    assert (
        str(Message("“%(value)s” is wrong.", {"value": "y" * 1000})) == f"“{'y' * 99}…” is wrong."
    )


def test_binary_and_empty_files_are_refused():
    with pytest.raises(FileRefused, match="binary data"):
        readers.read_file(bytes(range(256)) * 4, "x.csv")
    with pytest.raises(FileRefused, match="The file is empty"):
        readers.read_file(b"\xef\xbb\xbf  \r\n", "x.csv")


def test_a_file_over_5_mb_is_refused_before_it_is_read():
    with pytest.raises(FileRefused, match="larger than 5 MB"):
        readers.read_file(b"Name\n" + b"x\n" * (readers.MAX_BYTES // 2), "big.csv")
