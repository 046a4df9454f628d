/* SPDX-License-Identifier: MIT */
/* foster's licence, and the notices of what the static build bundles. */
#ifndef FOSTER_LICENSE_H
#define FOSTER_LICENSE_H

/*
 * license_print - write foster's MIT licence to stdout and, in the static
 * build (FOSTER_STATIC=1), the notices of musl (MIT) and libcap
 * (BSD-3-Clause, of its BSD-3-Clause or GPL-2.0 choice), through stdio: a
 * write error is left in ferror(stdout) for the caller, which flushes.
 */
void license_print(void);

#endif
