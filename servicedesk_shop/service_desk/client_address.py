"""Who is calling: the client's address behind the proxies the deployment trusts. No `frappe` import.

Frappe takes the first X-Forwarded-For entry, which the client writes itself unless a proxy overwrites
the header; a forged first entry then gives every request a rate-limit bucket of its own. A proxy that
appends (nginx's `$proxy_add_x_forwarded_for`) leaves the true peer as the last entry it adds, so the
client is the last address before the trusted proxies, read from the right.
"""

import ipaddress

LOOPBACK = ("127.0.0.0/8", "::1/128")
"""Trusted by default: a proxy on the same host, as bench's own nginx is."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxyError(ValueError):
	"""An entry of the trusted proxies that is no address or network; `entry` is its text."""

	def __init__(self, entry: str):
		super().__init__(entry)
		self.entry = entry


def parse_networks(value) -> list[Network]:
	"""Addresses or networks (`10.0.0.0/8`, `192.0.2.7`, `::1`), from text (one a line or comma-separated,
	`#` comments skipped) or a list. Raises ProxyError for anything else."""
	if isinstance(value, (list, tuple)):
		entries = [str(entry) for entry in value]
	else:
		entries = [line.split("#", 1)[0] for line in str(value or "").splitlines()]
		entries = [part for line in entries for part in line.split(",")]
	networks = []
	for entry in entries:
		entry = entry.strip()
		if not entry:
			continue
		try:
			network = ipaddress.ip_network(entry, strict=False)
		except ValueError:
			raise ProxyError(entry)
		if network not in networks:
			networks.append(network)
	return networks


def normalise_networks(text: str | None) -> str:
	"""The settings' text, one network a line, for saving (ProxyError on a bad line)."""
	return "\n".join(str(network) for network in parse_networks(text))


def parse_address(text: str | None):
	"""An IP address from a header entry (`[::1]:443`, `192.0.2.1:80` and `::ffff:10.0.0.1` included), or
	None for anything that is not one."""
	text = (text or "").strip().strip('"')
	if not text or len(text) > 64:
		return None
	if text.startswith("[") and "]" in text:
		text = text[1 : text.index("]")]
	elif text.count(":") == 1:
		text = text.split(":", 1)[0]
	try:
		address = ipaddress.ip_address(text)
	except ValueError:
		return None
	if address.version == 6 and address.ipv4_mapped:
		return address.ipv4_mapped
	return address


def trusted(address, networks: list[Network]) -> bool:
	return address is not None and any(address in network for network in networks)


def client_address(remote_addr: str | None, forwarded_for: str | None, networks: list[Network]) -> str:
	"""The client's address: the peer itself unless the peer is a trusted proxy; then, walking the
	X-Forwarded-For entries from the right, the first that is not a trusted proxy. An entry that is no
	address ends the walk there (a trusted proxy never writes one), and so does a chain of trusted
	proxies only (the leftmost is then the client)."""
	peer = parse_address(remote_addr)
	if peer is None:
		return (remote_addr or "").strip()[:64] or "unknown"
	if not forwarded_for or not trusted(peer, networks):
		return str(peer)
	client = peer
	for entry in reversed(forwarded_for.split(",")[-20:]):
		address = parse_address(entry)
		if address is None:
			break
		client = address
		if not trusted(address, networks):
			break
	return str(client)
