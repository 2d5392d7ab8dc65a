# Sourced by bin/test and bin/demo: make the bench's Python import servicedesk_shop through the link
# $BENCH/apps/servicedesk_shop, so that pointing the link at another checkout switches the code too.
# (pip's editable install would pin the link's target path instead.)

install_in_bench() { # bench path
	local bench=$1 site_packages
	site_packages=$("$bench/env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
	if ! "$bench/env/bin/python" -m pip show -q servicedesk_shop >/dev/null 2>&1; then
		"$bench/env/bin/python" -m pip install -q --no-deps -e "$bench/apps/servicedesk_shop" >/dev/null
	fi
	# the app's own dependencies (pyproject.toml: scikit-learn, the stemmers), as `bench get-app` installs them
	if ! "$bench/env/bin/python" -c "import sklearn, snowballstemmer, Stemmer" >/dev/null 2>&1; then
		"$bench/env/bin/python" -m pip install -q -e "$bench/apps/servicedesk_shop" >/dev/null
	fi
	echo "$bench/apps/servicedesk_shop" >"$site_packages/servicedesk_shop.pth"
	if ! grep -qx servicedesk_shop "$bench/sites/apps.txt"; then
		[[ -z "$(tail -c 1 "$bench/sites/apps.txt")" ]] || echo >>"$bench/sites/apps.txt"
		echo servicedesk_shop >>"$bench/sites/apps.txt"
	fi
	ln -sfn "$bench/apps/servicedesk_shop/servicedesk_shop/public" "$bench/sites/assets/servicedesk_shop"
}
