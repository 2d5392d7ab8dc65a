import pytest

from servicedesk_shop.intake.text import (
	derive_subject,
	find_order_numbers,
	message_to_html,
	plain_line,
	series_prefix,
	truncate,
)

PREFIXES = ["SAL-ORD-"]


@pytest.mark.parametrize(
	"series, prefix",
	[("SAL-ORD-.YYYY.-", "SAL-ORD-"), ("SO-.#####", "SO-"), ("ORD#####", "ORD"), ("", "")],
)
def test_series_prefix(series, prefix):
	assert series_prefix(series) == prefix


def test_finds_exact_order_number():
	assert find_order_numbers("Где мой заказ SAL-ORD-2026-00012?", PREFIXES) == ["SAL-ORD-2026-00012"]


def test_finds_lower_case_and_spaced_numbers():
	assert find_order_numbers("заказ sal-ord-2026-00012", PREFIXES) == ["SAL-ORD-2026-00012"]
	found = find_order_numbers("заказ sal ord 2026 00012", PREFIXES)
	assert found[0] == "SAL-ORD-2026-00012"


def test_amended_order_number_is_kept_whole():
	assert find_order_numbers("SAL-ORD-2026-00012-1 пришёл", PREFIXES) == ["SAL-ORD-2026-00012-1"]


def test_number_followed_by_a_count_yields_both_readings_longest_first():
	found = find_order_numbers("В SAL-ORD-2026-00014 2 платья", PREFIXES)
	assert found == ["SAL-ORD-2026-00014-2", "SAL-ORD-2026-00014"]


def test_several_numbers_in_order_of_mention_without_repeats():
	text = "SAL-ORD-2026-00002 и SAL-ORD-2026-00001, снова SAL-ORD-2026-00002."
	assert find_order_numbers(text, PREFIXES) == ["SAL-ORD-2026-00002", "SAL-ORD-2026-00001"]


def test_prefix_inside_a_word_is_not_a_number():
	assert find_order_numbers("XSAL-ORD-2026-00012 and SAL-ORD-2026-00012abc", PREFIXES) == []


def test_no_prefixes_or_text_finds_nothing():
	assert find_order_numbers("SAL-ORD-2026-00012", []) == []
	assert find_order_numbers("", PREFIXES) == []


def test_several_series_longest_prefix_wins():
	assert find_order_numbers("SO-WEB-77 and SO-12", ["SO-", "SO-WEB-"]) == ["SO-WEB-77", "SO-12"]


def test_limit():
	text = " ".join(f"SAL-ORD-2026-{n:05d}" for n in range(30))
	assert len(find_order_numbers(text, PREFIXES, limit=5)) == 5


def test_derive_subject_takes_first_sentence_of_first_line():
	assert derive_subject("\n\nПлатье маломерит. Хочу обменять на L\nспасибо") == "Платье маломерит."


def test_derive_subject_shortens_at_word_boundary():
	subject = derive_subject("word " * 40, limit=30)
	assert len(subject) <= 30
	assert subject.endswith("…")
	assert "wor…" not in subject


def test_derive_subject_strips_html():
	assert derive_subject("<b>Bold</b> <script>alert(1)</script> claim") == "Bold alert(1) claim"


def test_plain_line_removes_angle_brackets_and_newlines():
	assert plain_line("a <img src=x onerror=alert(1)>\nb > c") == "a b c"


def test_truncate_short_text_is_unchanged():
	assert truncate("short", 10) == "short"


def test_message_to_html_escapes_and_keeps_paragraphs():
	html = message_to_html("<script>x</script>\nline 2\n\nnext & last")
	assert "<script>" not in html
	assert "&lt;script&gt;" in html
	assert html == "<p>&lt;script&gt;x&lt;/script&gt;<br>line 2</p><p>next &amp; last</p>"


# --- no input makes the scan superlinear (issue 13) ---------------------------------------------------

HOSTILE_TEXTS = {
	"one number, endless spaced groups": "SAL-ORD-1" + " 1" * 2500,
	"spaced groups": "SAL-ORD-1 1 1 ",
	"one long number": "SAL-ORD-" + "1" * 50,
	"dashed groups": "SAL-ORD-1-",
	"prefix only": "sal ord ",
	"prefix repeated": "SAL-ORD-SAL-ORD-",
	"mixed case": "Sal-Ord-1 sal-ord-1 ",
}


def _slowest_scan_ms(text, prefixes, runs=3):
	import time

	times = []
	for _ in range(runs):
		start = time.perf_counter()
		find_order_numbers(text, prefixes)
		times.append((time.perf_counter() - start) * 1000)
	return min(times)


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_any_5000_character_message_is_scanned_in_well_under_10_ms(name):
	# the quadratic scan took 850 ms on 5,000 characters of "SAL-ORD-1 1 1 …" and 14 s on 20,000
	text = (HOSTILE_TEXTS[name] * 5000)[:5000]
	prefixes = ["SAL-ORD-", "SO-", "S-O-R-D-", "ORD", "SAL ORD "]
	assert _slowest_scan_ms(text, prefixes) < 10


def test_scan_does_not_grow_with_the_text():
	# linear, and capped: 200,000 characters cost what the first SCAN_LIMIT do
	from servicedesk_shop.intake.text import SCAN_LIMIT

	long_text = "SAL-ORD-1" + " 1" * 100_000
	assert _slowest_scan_ms(long_text, PREFIXES) < 10
	assert find_order_numbers(long_text, PREFIXES) == find_order_numbers(long_text[:SCAN_LIMIT], PREFIXES)


def test_mentions_after_the_scan_limit_are_not_searched():
	from servicedesk_shop.intake.text import SCAN_LIMIT

	assert find_order_numbers("x" * SCAN_LIMIT + " SAL-ORD-2026-00001", PREFIXES) == []
	assert find_order_numbers("SAL-ORD-2026-00001 " + "x" * SCAN_LIMIT, PREFIXES) == ["SAL-ORD-2026-00001"]
