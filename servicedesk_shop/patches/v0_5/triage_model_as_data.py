"""The published triage model, stored as a pickle before 0.5, rewritten as data (an .npz of arrays), which
is all the web workers now read (issue 18): a pickle runs code when loaded.

The conversion keeps the very model that is published (its predictions, its accuracy on record, the
Issues that name it) and takes a second, where retraining would take minutes on a large site and would
publish a different model without the held-out comparison. It reads the one file whose SHA-256 the
published Triage Model recorded, here, at migrate, with a reader that resolves only the classes a model
holds (triage.legacy), checks that the data predicts what the pickle did, and deletes the pickle. A file
that fails any of that is not trusted: the model is retired and retrained from the seed set (and, in the
background, the site's labels), as on a new site.
"""

import hashlib

import frappe

from servicedesk_shop.triage import service


def execute():
	if not service.available() or not frappe.db.table_exists("Triage Model"):
		return
	published = frappe.db.get_value(
		"Triage Model",
		{"status": service.PUBLISHED},
		["name", "model_file", "model_sha256"],
		as_dict=True,
		order_by="version desc",
	)
	if not published or not published.model_file or published.model_file.endswith(service.MODEL_EXTENSION):
		return  # no model yet (ensure_model trains one), or converted already
	try:
		model = read_old_model(published)
	except Exception as error:  # any failure of the old file: it is not trusted, the model is retrained
		frappe.log_error(
			title="servicedesk_shop: triage model not converted, retrained",
			message=str(error),
			reference_doctype="Triage Model",
			reference_name=published.name,
		)
		retrain(published.name)
		return
	doc = frappe.get_doc("Triage Model", published.name)
	old_file = frappe.db.get_value("File", {"file_url": published.model_file}, "name")
	service.store_model(doc, model)
	if old_file:
		frappe.delete_doc("File", old_file, ignore_permissions=True)
	service.invalidate_model()


def read_old_model(published):
	"""The model of the published pickle, checked: its recorded hash, the restricted reader, and the same
	labels from the data as from the pickle on the seed set. Raises when any check fails."""
	# scikit-learn and numpy load only when a site has an old pickled model to convert
	from servicedesk_shop.triage.legacy import read_pickled_model
	from servicedesk_shop.triage.model import loads

	try:
		content = service.file_content(published.model_file)
	except (frappe.DoesNotExistError, OSError) as error:
		raise ValueError(f"the model file is missing: {error}") from error
	if not published.model_sha256 or hashlib.sha256(content).hexdigest() != published.model_sha256:
		raise ValueError("the model file does not match its recorded hash")
	model = read_pickled_model(content)
	converted = loads(model.dumps())
	documents = [example.document for example in service.seed_examples()]
	if converted.predict_labels(documents) != model.predict_labels(documents):
		raise ValueError("the model stored as data does not predict what the pickle did")
	return model


def retrain(name: str):
	frappe.db.set_value("Triage Model", name, "status", service.RETIRED)  # never to be loaded again
	service.invalidate_model()
	service.train_and_publish(with_site=False)  # seconds on the seed set: triage goes on at once
	if service.new_labels_since(None):
		service.enqueue_training()  # with the site's labels, measured against that model
