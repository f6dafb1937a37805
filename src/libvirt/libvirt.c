// SPDX-License-Identifier: MIT
/*
 * The libvirt front-end: a domain XML read with libxml2, libvirt's own
 * refusals, then the QEMU options libvirt would start QEMU with.
 */
#include <libxml/parser.h>
#include <limits.h>
#include <string.h>

#include "libvirt_internal.h"

/*
 * No network, no DTD loaded, no entity expanded (a domain XML has none):
 * a hostile file reaches neither the network nor other files, and
 * libxml2 prints nothing (the library never prints).
 */
#define READ_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static int read_doc(xmlDoc **out, const char *xml, size_t len,
		    vnuma_error **err)
{
	xmlParserCtxt *ctxt;
	const xmlError *e;
	const char *msg;
	size_t n;

	if (len > INT_MAX)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"libvirt.too-large", NULL,
					"domain XML of %zu bytes is too "
					"large",
					len);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return vnuma__error_nomem(err);
	*out = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL,
				 READ_OPTIONS);
	if (*out) {
		xmlFreeParserCtxt(ctxt);
		return VNUMA_OK;
	}
	e = xmlCtxtGetLastError(ctxt);
	if (e && e->code == XML_ERR_NO_MEMORY) {
		xmlFreeParserCtxt(ctxt);
		return vnuma__error_nomem(err);
	}
	msg = e && e->message ? e->message : "not well-formed";
	/* libxml2's messages end in a newline; ours do not */
	n = strcspn(msg, "\n");
	vnuma__error_set(err, VNUMA_E_SYNTAX, "libvirt.xml-syntax", NULL,
			 "domain XML, line %d: %.*s", e ? e->line : 0, (int)n,
			 msg);
	xmlFreeParserCtxt(ctxt);
	return VNUMA_E_SYNTAX;
}

int vnuma_config_add_libvirt_xml(vnuma_config *cfg, const char *xml,
				 size_t len, unsigned int flags,
				 vnuma_error **err)
{
	xmlDoc *doc = NULL;
	int rc;

	if (!cfg || !xml)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"cfg and xml must not be NULL");
	if (flags)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.flags", NULL,
					"unknown flags 0x%x", flags);
	rc = read_doc(&doc, xml, len, err);
	if (!rc)
		rc = vnuma__libvirt_check(doc, err);
	if (!rc)
		rc = vnuma__libvirt_read(cfg, doc, err);
	xmlFreeDoc(doc);
	return rc;
}
