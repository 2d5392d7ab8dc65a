import pytest

from servicedesk_shop.service_desk.mailbox import mailbox_key


@pytest.mark.parametrize(
	"address",
	[
		"victim@gmail.com",
		"Victim@Gmail.com",
		"victim+1@gmail.com",
		"victim+2@gmail.com",
		"v.i.c.t.i.m@gmail.com",
		"v.ictim+shop@googlemail.com",
		" VICTIM@GMAIL.COM. ",
	],
)
def test_gmail_spellings_are_one_mailbox(address):
	assert mailbox_key(address) == "victim@gmail.com"


@pytest.mark.parametrize(
	"address",
	["ivan.petrov@yandex.ru", "ivan-petrov@ya.ru", "ivanpetrov+1@yandex.com", "Ivan.Petrov@narod.ru"],
)
def test_yandex_spellings_are_one_mailbox(address):
	assert mailbox_key(address) == "ivanpetrov@yandex.ru"


def test_other_providers_fold_the_tag_and_the_case_but_keep_dots():
	assert mailbox_key("Anna.K+orders@Mail.ru") == "anna.k@mail.ru"
	assert mailbox_key("anna.k@mail.ru") != mailbox_key("annak@mail.ru")


def test_odd_input_is_only_lower_cased():
	assert mailbox_key("+tag@x.org") == "+tag@x.org"
	assert mailbox_key("no-at-sign") == "no-at-sign"
	assert mailbox_key(None) == ""
