"""An agent's answer, written as HTML in the desk's reply box, as the plain text a chat shows. No `frappe`
import.

Telegram and VK show text, not HTML: paragraphs and line breaks become new lines, a list item a bullet, a
link its words and its address. What a chat must not get: the earlier message the reply box quotes below
its "---" separator (the shopper has it in the chat already), scripts and styles, and the request's
tracking link (the chat is the conversation; in a group chat the link would open the request to all).
"""

import re
from html.parser import HTMLParser

LIMIT = 4096
"""The longest text one message may hold, in characters: Telegram's sendMessage and VK's messages.send."""

LINE, PARAGRAPH = "\x00", "\x01"  # a new line, a blank line between paragraphs
BLOCKS = {
	**dict.fromkeys(("br", "div", "li", "tr", "section", "article", "header", "footer"), LINE),
	**dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "hr"), PARAGRAPH),
}
SKIPPED = {"script", "style", "head", "title", "blockquote", "template", "noscript"}
LINKABLE = ("http://", "https://", "mailto:", "tel:")

# Frappe's reply box puts the quoted letter under a "---" line, then "On <date>, <sender> wrote:" and a
# <blockquote>; the editor may turn the separator's <div> into a <p>
QUOTED_REPLY = re.compile(r"<(div|p)\b[^>]*>\s*(?:<br\s*/?>\s*)*---\s*</\1>(?=.*<blockquote)", re.S | re.I)
TRACKING_PARAGRAPH = re.compile(
	r"<p>[^<]*<a href=\"[^\"]*/support/track[#?]token=[^\"]*\">[^<]*</a>\s*</p>", re.I
)
TRACKING_LINK = re.compile(r"https?://\S+/support/track[#?]token=\S+", re.I)


class _Text(HTMLParser):
	def __init__(self):
		super().__init__(convert_charrefs=True)
		self.parts: list[str] = []
		self.skipping = 0
		self.links: list[tuple[str | None, int]] = []

	def handle_starttag(self, tag, attrs):
		if tag in SKIPPED:
			self.skipping += 1
			return
		if self.skipping:
			return
		if tag in BLOCKS:
			self.parts.append(BLOCKS[tag])
		if tag == "li":
			self.parts.append("• ")
		if tag == "a":
			self.links.append((dict(attrs).get("href"), len(self.parts)))

	def handle_startendtag(self, tag, attrs):
		if tag in SKIPPED:
			return  # a self-closed <script/> opens nothing to skip
		self.handle_starttag(tag, attrs)
		if tag == "a":
			self.handle_endtag(tag)

	def handle_endtag(self, tag):
		if tag in SKIPPED:
			self.skipping = max(0, self.skipping - 1)
			return
		if self.skipping:
			return
		if tag == "a" and self.links:
			href, start = self.links.pop()
			words = " ".join("".join(self.parts[start:]).split())
			if href and href.lower().startswith(LINKABLE) and words.rstrip("/") != href.rstrip("/"):
				address = href[len("mailto:") :] if href.lower().startswith("mailto:") else href
				self.parts.append(f" ({address})" if words else address)
		elif tag in BLOCKS:
			self.parts.append(BLOCKS[tag])

	def handle_data(self, data):
		if not self.skipping:
			self.parts.append(data.replace(LINE, "").replace(PARAGRAPH, ""))


def plain_text(html: str | None) -> str:
	"""The chat's text of an answer's HTML (see the module's docstring); "" for none."""
	html = html or ""
	if quoted := QUOTED_REPLY.search(html):
		html = html[: quoted.start()]
	html = TRACKING_PARAGRAPH.sub("", html)
	parser = _Text()
	parser.feed(html)
	parser.close()
	# the HTML's own line breaks are spaces; the blocks' marks are the lines
	text = re.sub(r"\s+", " ", TRACKING_LINK.sub("", "".join(parser.parts)).replace("\xa0", " "))
	text = re.sub(
		f"[ {LINE}{PARAGRAPH}]*[{LINE}{PARAGRAPH}][ {LINE}{PARAGRAPH}]*",
		lambda run: "\n\n" if PARAGRAPH in run.group(0) else "\n",
		text,
	)
	return text.strip()


def units(text: str) -> int:
	"""The length Telegram and VK count: UTF-16 code units (an emoji outside the BMP is two)."""
	return len(text.encode("utf-16-le")) // 2


def fitting(text: str, limit: int) -> int:
	"""How many of `text`'s characters fit in `limit` UTF-16 code units."""
	used = 0
	for count, char in enumerate(text):
		used += 2 if ord(char) > 0xFFFF else 1
		if used > limit:
			return count
	return len(text)


def split_text(text: str, limit: int = LIMIT) -> list[str]:
	"""`text` in messages of at most `limit` UTF-16 code units (as the messengers count; the adapters would
	cut a longer one short), cut between paragraphs, else lines, else words, so that a long answer arrives
	whole, in order."""
	chunks = []
	text = text.strip()
	while units(text) > limit:
		limit_here = fitting(text, limit)
		head = text[:limit_here]
		cut = max(head.rfind("\n\n"), 0) or max(head.rfind("\n"), 0) or max(head.rfind(" "), 0) or limit_here
		chunks.append(text[:cut].strip())
		text = text[cut:].strip()
	if text:
		chunks.append(text)
	return chunks


def scrub(text: str | None, *secrets: str | None) -> str:
	"""`text` without any of `secrets` (a channel's token in an error or a traceback: the address of a
	Telegram call holds it)."""
	text = text or ""
	for secret in secrets:
		if secret:
			text = text.replace(secret, "***")
	return text
