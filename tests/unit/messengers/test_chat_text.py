"""An agent's answer as the text a chat shows."""

from servicedesk_shop.messengers.text import LIMIT, plain_text, scrub, split_text


def test_paragraphs_and_breaks_become_lines_and_entities_their_characters():
	html = "<p>Здравствуйте, Анна!</p><p>Заказ &laquo;SAL-ORD-7&raquo; в пути<br>до пятницы.</p>"
	assert plain_text(html) == "Здравствуйте, Анна!\n\nЗаказ «SAL-ORD-7» в пути\nдо пятницы."


def test_a_link_keeps_its_address_and_a_list_its_items():
	html = (
		'<p>See <a href="https://shop.example/help/size">the size chart</a>:</p><ul><li>S</li><li>M</li></ul>'
	)
	assert plain_text(html) == "See the size chart (https://shop.example/help/size):\n\n• S\n• M"
	# a link whose words are its address is not repeated
	assert plain_text('<a href="https://shop.example/">https://shop.example</a>') == "https://shop.example"
	# a script's link is not one to follow
	assert plain_text('<a href="javascript:alert(1)">click</a>') == "click"


def test_the_quoted_earlier_message_and_scripts_are_left_out():
	html = (
		"<p>Your parcel left today.</p><p><br></p><div>---</div><p>On 12-03-2026, "
		"telegram-1@bot.messenger.invalid wrote:</p><blockquote>Где мой заказ?</blockquote>"
	)
	assert plain_text(html) == "Your parcel left today."
	assert plain_text("<p>Hi</p><script>steal()</script><style>p{}</style>") == "Hi"
	# a separator the agent typed, with no quote below it, stays
	assert plain_text("<p>one</p><p>---</p><p>two</p>") == "one\n\n---\n\ntwo"


def test_the_tracking_link_stays_out_of_the_chat():
	html = (
		"<p>Done.</p><p>Follow your request and answer us here: "
		'<a href="https://shop.example/support/track#token=abc.def">https://shop.example/support/track#token=abc.def</a></p>'
	)
	assert plain_text(html) == "Done."
	assert "token" not in plain_text("<p>Here: https://shop.example/support/track?token=abc</p>")


def test_tags_in_text_stay_inert_text():
	assert plain_text("&lt;b&gt;not bold&lt;/b&gt;") == "<b>not bold</b>"
	assert plain_text(None) == ""


def test_a_long_answer_is_split_between_paragraphs_within_the_limit():
	text = ("a" * 3000) + "\n\n" + ("b" * 3000)
	assert split_text(text) == ["a" * 3000, "b" * 3000]
	words = " ".join(["word"] * 3000)
	chunks = split_text(words)
	assert all(len(chunk) <= LIMIT for chunk in chunks) and " ".join(chunks) == words
	assert split_text("x" * (LIMIT + 1)) == ["x" * LIMIT, "x"]
	assert split_text("  ") == []


def test_long_text_is_split_as_the_messengers_count_it():
	# an emoji outside the BMP is two UTF-16 code units: a chunk of LIMIT characters with emoji would be
	# cut short by the adapter, and the rest of it never sent
	text = "😀" * LIMIT
	chunks = split_text(text)
	assert "".join(chunks) == text
	assert all(len(chunk.encode("utf-16-le")) // 2 <= LIMIT for chunk in chunks)
	assert len(chunks) == 2


def test_a_secret_never_shows():
	assert scrub("POST /bot123:ABC/sendMessage failed", "123:ABC", None) == "POST /bot***/sendMessage failed"
