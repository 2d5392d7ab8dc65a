import ipaddress

import pytest

from servicedesk_shop.service_desk.client_address import (
	LOOPBACK,
	ProxyError,
	client_address,
	normalise_networks,
	parse_address,
	parse_networks,
)

LOCAL = parse_networks(LOOPBACK)


def test_a_peer_that_is_no_proxy_is_the_client_whatever_it_forwards():
	assert client_address("203.0.113.9", "1.2.3.4", LOCAL) == "203.0.113.9"
	assert client_address("203.0.113.9", None, LOCAL) == "203.0.113.9"


def test_behind_the_local_proxy_the_last_entry_is_the_client():
	assert client_address("127.0.0.1", "198.51.100.7", LOCAL) == "198.51.100.7"


def test_a_forged_first_entry_counts_for_nothing():
	# the client wrote "1.2.3.4"; nginx appended the real peer
	assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.7", LOCAL) == "198.51.100.7"
	assert client_address("127.0.0.1", "5.6.7.8,198.51.100.7", LOCAL) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
	networks = parse_networks("10.0.0.0/8\n127.0.0.1")
	assert client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", networks) == "198.51.100.7"
	# with only loopback trusted, the private hop is the client
	assert client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", LOCAL) == "10.1.2.3"


def test_no_trusted_proxy_means_the_peer():
	assert client_address("127.0.0.1", "198.51.100.7", []) == "127.0.0.1"


def test_garbage_ends_the_walk_at_the_last_trusted_hop():
	assert client_address("127.0.0.1", "<script>, not-an-ip", LOCAL) == "127.0.0.1"
	assert client_address("127.0.0.1", "  ", LOCAL) == "127.0.0.1"


def test_only_trusted_hops_give_the_leftmost():
	assert client_address("127.0.0.1", "127.0.0.2, 127.0.0.3", LOCAL) == "127.0.0.2"


def test_addresses_with_ports_brackets_and_mapped_v4():
	assert parse_address("[2001:db8::1]:443") == ipaddress.ip_address("2001:db8::1")
	assert parse_address("192.0.2.1:80") == ipaddress.ip_address("192.0.2.1")
	assert parse_address("::ffff:10.0.0.1") == ipaddress.ip_address("10.0.0.1")
	assert parse_address("x" * 100) is None
	assert client_address("::1", "2001:db8::5", LOCAL) == "2001:db8::5"


def test_an_unparsable_peer_is_kept_as_text():
	assert client_address("unix:/run/x", "1.2.3.4", LOCAL) == "unix:/run/x"
	assert client_address(None, "1.2.3.4", LOCAL) == "unknown"


def test_networks_from_text_and_lists():
	assert [str(n) for n in parse_networks("10.0.0.0/8, 192.0.2.7 # the balancer\n\n::1")] == [
		"10.0.0.0/8",
		"192.0.2.7/32",
		"::1/128",
	]
	assert [str(n) for n in parse_networks(["127.0.0.0/8"])] == ["127.0.0.0/8"]
	assert normalise_networks("10.1.2.3/8\n10.0.0.0/8") == "10.0.0.0/8"
	with pytest.raises(ProxyError) as error:
		parse_networks("10.0.0.0/8\nnginx")
	assert error.value.entry == "nginx"
