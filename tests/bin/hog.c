/* SPDX-License-Identifier: MIT */
/*
 * hog - allocate memory until the kernel stops it (the OOM killer of a
 * memory cgroup, in the tests), touching every page so that it is charged.
 *
 * usage: hog [MIB]
 *   MIB  stop at MIB mebibytes and exit 0 (default: never)
 */
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const size_t mib = 1 << 20;
	long limit = argc > 1 ? atol(argv[1]) : -1;
	long n;

	for (n = 0; limit < 0 || n < limit; n++) {
		char *p = malloc(mib);

		if (!p)
			return 1;
		memset(p, 0x5a, mib);
	}
	return 0;
}
