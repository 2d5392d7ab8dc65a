"""The demo shop: data.py holds its records as data, scenario.py makes them with servicedesk_shop.testing's
builders. `bench --site SITE execute servicedesk_shop.demo.make_demo` (bin/demo) runs it."""

from servicedesk_shop.demo.scenario import make_demo
