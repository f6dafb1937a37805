// SPDX-License-Identifier: MIT
/* Errors located at an element of a domain XML. */
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt_internal.h"

int vnuma__libvirt_error(vnuma_error **err, int status, const char *check,
			 const xmlNode *at, const char *attr, const char *fmt,
			 ...)
{
	/* libxml2's getters take non-const nodes; they do not modify them */
	xmlNode *node = (xmlNode *)at;
	xmlChar *path = node ? xmlGetNodePath(node) : NULL;
	xmlChar *text = NULL;
	struct vnuma__loc loc = { 0 };
	va_list ap;
	int rc;

	if (node)
		text = attr ? xmlGetProp(node, (const xmlChar *)attr) :
			      xmlNodeGetContent(node);
	loc.option = (const char *)path;
	loc.key = attr;
	loc.text = (const char *)text;
	loc.length = text ? strlen((const char *)text) : 0;
	va_start(ap, fmt);
	rc = vnuma__error_setv(err, status, check, path || !node ? &loc : NULL,
			       fmt, ap);
	va_end(ap);
	xmlFree(text);
	xmlFree(path);
	return rc;
}
