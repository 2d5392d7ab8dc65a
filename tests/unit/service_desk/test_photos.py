"""The customer's reply photos, judged by their bytes, without a site."""

import io

import pytest
from PIL import Image

from servicedesk_shop.service_desk.photos import MAX_SIDE, PhotoError, check_count, clean_photo

MB = 1_048_576


def image_bytes(kind="JPEG", size=(64, 48), mode="RGB", **save):
	out = io.BytesIO()
	Image.new(mode, size, "red").save(out, kind, **save)
	return out.getvalue()


@pytest.mark.parametrize(
	"kind, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "png")]
)
def test_photos_are_kept_reencoded(kind, extension):
	mode = "P" if kind == "GIF" else "RGB"
	photo = clean_photo(image_bytes(kind, mode=mode), 8 * MB)
	assert photo.extension == extension
	assert (photo.width, photo.height) == (64, 48)
	assert Image.open(io.BytesIO(photo.content)).size == (64, 48)


def test_the_phone_position_is_dropped():
	exif = Image.Exif()
	exif[0x010F] = "PhoneMaker"  # Make
	exif[0x8825] = {2: (55.0, 45.0, 0.0)}  # GPSInfo: latitude
	data = image_bytes("JPEG", exif=exif.tobytes())
	assert b"PhoneMaker" in data
	photo = clean_photo(data, 8 * MB)
	assert b"PhoneMaker" not in photo.content
	assert not Image.open(io.BytesIO(photo.content)).getexif()


def test_bytes_after_the_image_are_not_kept():
	polyglot = image_bytes("JPEG") + b"<script>window.__sd_pwned=1</script>"
	photo = clean_photo(polyglot, 8 * MB)
	assert b"<script>" not in photo.content


@pytest.mark.parametrize(
	"data",
	[
		b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
		b"<html><script>alert(1)</script></html>",
		b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
		b"GIF89a<script>alert(1)</script>",
		image_bytes("JPEG")[:200],  # cut off
		image_bytes("BMP"),  # an image, but not one of the kinds kept
		image_bytes("TIFF"),
	],
)
def test_what_is_not_a_photo_is_refused(data):
	with pytest.raises(PhotoError) as error:
		clean_photo(data, 8 * MB)
	assert error.value.code == "not_image"


def test_a_decompression_bomb_is_refused():
	bomb = image_bytes("PNG", size=(9000, 9000), mode="1")  # 81 megapixels in a few kilobytes
	assert len(bomb) < 100_000
	with pytest.raises(PhotoError) as error:
		clean_photo(bomb, 8 * MB)
	assert error.value.code == "not_image"


def test_the_size_cap_and_empty_files():
	with pytest.raises(PhotoError) as error:
		clean_photo(b"x" * (MB + 1), MB)
	assert error.value.code == "too_large" and error.value.params == {"limit_mb": "1"}
	with pytest.raises(PhotoError) as error:
		clean_photo(b"", MB)
	assert error.value.code == "empty"


def test_large_photos_are_scaled_down():
	photo = clean_photo(image_bytes("PNG", size=(3000, 200)), 8 * MB)
	assert max(photo.width, photo.height) == MAX_SIDE
	# a large JPEG is decoded at a reduced scale, then scaled to the side
	photo = clean_photo(image_bytes("JPEG", size=(6000, 4000)), 8 * MB)
	assert (photo.width, photo.height) == (MAX_SIDE, 1707)


def test_the_phones_orientation_is_kept_then_dropped():
	exif = Image.Exif()
	exif[0x0112] = 6  # Orientation: turned 90 degrees
	photo = clean_photo(image_bytes("JPEG", size=(64, 48), exif=exif.tobytes()), 8 * MB)
	assert (photo.width, photo.height) == (48, 64)
	assert not Image.open(io.BytesIO(photo.content)).getexif()


def test_the_number_of_photos():
	check_count(3)
	with pytest.raises(PhotoError) as error:
		check_count(4)
	assert error.value.code == "too_many"
