// servicedesk_shop: escalation alerts in the desk, as they happen.
frappe.realtime.on("servicedesk_escalation", (data) => {
	frappe.show_alert(
		{
			message: `${frappe.utils.escape_html(data.message)}<br>
				<a href="/app/issue/${encodeURIComponent(data.issue)}">${frappe.utils.escape_html(data.subject || data.issue)}</a>`,
			indicator: "red",
		},
		15
	);
});
