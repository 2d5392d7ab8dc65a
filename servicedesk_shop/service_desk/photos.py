"""Photos a customer attaches to their reply (a torn seam, the wrong size on the label), without Frappe.

A photo is judged by its bytes, never by its name or the content type the browser claims: Pillow must
decode it as a JPEG, PNG, WebP or GIF within a pixel limit (no decompression bombs). What is kept is the
image re-encoded by Pillow: no EXIF (a phone's GPS position), no trailing bytes (a polyglot file), and a
name the shop makes, so nothing the customer chose reaches the desk or the browser but the pixels.

No `frappe` import.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from servicedesk_shop.service_desk.rules import RuleError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}  # a GIF is kept as its first frame
# What a photo may decode to. A JPEG is decoded at a reduced scale (Pillow's draft: 1/2 to 1/8) close to
# MAX_SIDE, so a 50-megapixel phone photo costs a few megabytes of memory; other formats decode whole
# (a 16-megapixel PNG is 48 MB as RGB), so they are held to less.
MAX_JPEG_PIXELS = 64_000_000
MAX_PIXELS = 16_000_000
MAX_SIDE = 2560  # larger photos are scaled down: enough to see a seam, a tenth of the bytes
MAX_PHOTOS = 3
DEFAULT_MAX_MB = 5


class PhotoError(RuleError):
	"""A file that is not an acceptable photo; `code` names why (and the message's translation)."""


@dataclass(frozen=True)
class Photo:
	content: bytes
	extension: str
	width: int
	height: int


def check_count(count: int, limit: int = MAX_PHOTOS) -> None:
	if count > limit:
		raise PhotoError("too_many", limit=limit)


def clean_photo(data: bytes, max_bytes: int) -> Photo:
	"""The photo in `data`, re-encoded, or PhotoError("empty" | "too_large" | "not_image")."""
	if not data:
		raise PhotoError("empty")
	if len(data) > max_bytes:
		raise PhotoError("too_large", limit_mb=f"{max_bytes / 1_048_576:g}")
	with warnings.catch_warnings():
		# Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises above: refuse both
		warnings.simplefilter("error", Image.DecompressionBombWarning)
		try:
			with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
				kind = probe.format
				limit = MAX_JPEG_PIXELS if kind == "JPEG" else MAX_PIXELS
				if probe.width * probe.height > limit:
					raise PhotoError("not_image")
				probe.verify()  # the whole file, not only its header
			with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
				if kind == "JPEG":
					image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at the smallest scale still >= MAX_SIDE
				image.load()
				if max(image.size) > MAX_SIDE:
					image.thumbnail((MAX_SIDE, MAX_SIDE))  # before turning it: a small copy is turned
				image = ImageOps.exif_transpose(image)  # as the phone showed it, then the EXIF is dropped
				return _encode(image, kind)
		except PhotoError:
			raise
		except (
			UnidentifiedImageError,
			Image.DecompressionBombError,
			Image.DecompressionBombWarning,
			OSError,
			SyntaxError,  # Pillow's decoders raise it for some broken files
			ValueError,
			EOFError,
		) as error:
			raise PhotoError("not_image") from error


def _encode(image: Image.Image, kind: str) -> Photo:
	extension = FORMATS[kind]
	out = io.BytesIO()
	if extension == "jpg":
		image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
	elif extension == "webp":
		image.save(out, "WEBP", quality=85)
	else:
		if image.mode not in ("RGB", "RGBA", "L", "LA"):
			image = image.convert("RGBA")
		image.save(out, "PNG", optimize=True)
	return Photo(content=out.getvalue(), extension=extension, width=image.width, height=image.height)
