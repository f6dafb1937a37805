# SPDX-License-Identifier: MIT
"""The promise of vnuma --check-host, as one rule to import.

agree(check_rc, check_doc, realize_rc, realize_doc) -> (ok, why)

check_rc / check_doc: exit status and parsed --json document of
`vnuma --check-host --json OPTIONS`; realize_rc / realize_doc: those of
`vnuma --realize --json OPTIONS` (a doc is None when stdout was empty).

- fits (exit 0, "check_host.fits" true): --realize exits 0.
- cannot (exit 3, fits false): --realize fails (exit 3) with an
  error whose check id and backend are those of one of the reasons of
  severity error. The backend of a host error is in the error's "text"
  as "id=ID" (with "option" "-object"); an error naming no backend
  matches a reason whose backend is null.
- exit 1 of --check-host (configuration rejected): --realize rejects it
  too, with the same check.
- The one exemption, where the outcome cannot be known before launch:
  a backend named by a warning "host.hugetlb-order" (preallocated huge
  pages bound to nodes that overlap another such backend's without one
  set holding the other: which gets the shared nodes' pages depends on
  the faulting threads' nodes and timing, doc/preflight.md) may fail
  populating (host.prealloc or host.prealloc-sigbus, that backend) even
  when --check-host said it fits. Nothing else is exempt.
- host.prealloc and host.prealloc-sigbus are one cause (a huge page
  fault while populating) under two ids: realizing uses
  MADV_POPULATE_WRITE (EFAULT: host.prealloc) and falls back to touching
  the pages (SIGBUS: host.prealloc-sigbus) where the kernel refuses it,
  which preflight cannot know (it reads the kernel's version, and a
  recorded tree's host is not the one that runs). A reason with either
  id matches a failure with either, for the same backend.

Nothing here looks at the host: it compares documents only.
"""
import re


def _backend(err):
    text = err.get('text') if err.get('option') == '-object' else None
    m = re.fullmatch(r'id=(.*)', text or '', re.S)
    return m.group(1) if m else None


def _error(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get('error'), dict):
        return None
    return doc['error']


ORDER_FAULTS = ('host.prealloc', 'host.prealloc-sigbus')


def _order_exempt(reasons, realize_rc, realize_doc):
    """The realize failure is the populate failure a host.hugetlb-order
    warning announced for that very backend."""
    e = _error(realize_doc)
    if realize_rc != 3 or e is None or e.get('check') not in ORDER_FAULTS:
        return False
    be = _backend(e)
    return any(r.get('check') == 'host.hugetlb-order' and
               r.get('severity') == 'warning' and r.get('backend') == be
               for r in reasons)


def _same_check(reason, failure):
    """Equal ids, or the two ids of a populate fault (see above)."""
    return reason == failure or (reason in ORDER_FAULTS and
                                 failure in ORDER_FAULTS)


def agree(check_rc, check_doc, realize_rc, realize_doc):
    if check_rc == 1:
        ce, re_ = _error(check_doc), _error(realize_doc)
        if realize_rc != 1:
            return False, ('--check-host rejected the configuration, '
                           '--realize exited %s' % realize_rc)
        if ce and re_ and ce.get('check') != re_.get('check'):
            return False, ('rejected for %s by --check-host, for %s by '
                           '--realize' % (ce.get('check'), re_.get('check')))
        return True, 'both rejected the configuration'
    if check_rc not in (0, 3) or not isinstance(check_doc, dict) or \
            not isinstance(check_doc.get('check_host'), dict):
        return False, ('--check-host gave no verdict (exit %s)' % check_rc)
    verdict = check_doc['check_host']
    fits = verdict.get('fits')
    if fits != (check_rc == 0):
        return False, ('--check-host exit %s disagrees with fits=%s' %
                       (check_rc, fits))
    errors = [r for r in verdict.get('reasons', [])
              if r.get('severity') == 'error']
    if fits:
        if errors:
            return False, 'fits, yet reasons of severity error are listed'
        if realize_rc != 0 and _order_exempt(verdict.get('reasons', []),
                                             realize_rc, realize_doc):
            return True, ('fits, and --realize failed populating a backend '
                          'the host.hugetlb-order warning named')
        if realize_rc != 0:
            e = _error(realize_doc) or {}
            return False, ('--check-host said it fits, --realize failed '
                           '(exit %s, %s: %s)' % (realize_rc, e.get('check'),
                                                  e.get('message')))
        return True, 'fits, and --realize succeeded'
    if not errors:
        return False, 'cannot, yet no reason of severity error is listed'
    if realize_rc == 0:
        return False, ('--check-host said it cannot (%s), --realize '
                       'succeeded' % ', '.join(r['check'] for r in errors))
    e = _error(realize_doc)
    if e is None:
        return False, '--realize failed without an error document'
    if realize_rc != 3:
        return False, '--realize exited %s' % realize_rc
    be = _backend(e)
    if _order_exempt(verdict.get('reasons', []), realize_rc, realize_doc):
        return True, ('cannot, and --realize failed populating a backend '
                      'the host.hugetlb-order warning named')
    for r in errors:
        if _same_check(r.get('check'), e.get('check')) and \
                r.get('backend') == be:
            return True, ('cannot, and --realize failed for the reason '
                          'given (%s, backend %s)' % (e.get('check'), be))
    return False, ('--realize failed with %s (backend %s), which is not '
                   'among the reasons: %s' % (
                       e.get('check'), be,
                       ', '.join('%s/%s' % (r.get('check'), r.get('backend'))
                                 for r in errors)))
