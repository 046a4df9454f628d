/* SPDX-License-Identifier: MIT */
/*
 * The licence texts that `foster --license` prints. The static build
 * carries musl and libcap inside the binary, so their notices travel with
 * it into a FROM scratch image, where no /usr/share/doc exists. One string
 * each: the dynamic build leaves the bundled one out (FOSTER_STATIC 0).
 */
#include <stdio.h>

#include "license.h"

#ifndef FOSTER_STATIC
#define FOSTER_STATIC 0
#endif

/* LICENSE, word for word. */
static const char foster_license[] =
	"MIT License\n"
	"\n"
	"Copyright (c) 2026 The foster authors\n"
	"\n"
	"Permission is hereby granted, free of charge, to any person obtaining a copy\n"
	"of this software and associated documentation files (the \"Software\"), to deal\n"
	"in the Software without restriction, including without limitation the rights\n"
	"to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
	"copies of the Software, and to permit persons to whom the Software is\n"
	"furnished to do so, subject to the following conditions:\n"
	"\n"
	"The above copyright notice and this permission notice shall be included in all\n"
	"copies or substantial portions of the Software.\n"
	"\n"
	"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
	"IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
	"FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
	"AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
	"LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
	"OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
	"SOFTWARE.\n";

static const char bundled[] =
	"\nThis static build of foster also contains:\n\n"
	"musl libc, Copyright (c) 2005-2020 Rich Felker, et al., is under the\n"
	"MIT licence: the permission notice and disclaimer above, with musl's\n"
	"copyright line in place of foster's.\n"
	"\n"
	"libcap, Copyright (c) 1997-2016 Andrew G. Morgan <morgan@kernel.org>\n"
	"and its contributors, is used here under the BSD 3-clause licence (its\n"
	"other choice is the GPL v2.0):\n"
	"\n"
	"Redistribution and use in source and binary forms of libcap, with\n"
	"or without modification, are permitted provided that the following\n"
	"conditions are met:\n"
	"\n"
	"1. Redistributions of source code must retain any existing copyright\n"
	"   notice, and this entire permission notice in its entirety,\n"
	"   including the disclaimer of warranties.\n"
	"\n"
	"2. Redistributions in binary form must reproduce all prior and current\n"
	"   copyright notices, this list of conditions, and the following\n"
	"   disclaimer in the documentation and/or other materials provided\n"
	"   with the distribution.\n"
	"\n"
	"3. The name of any author may not be used to endorse or promote\n"
	"   products derived from this software without their specific prior\n"
	"   written permission.\n"
	"\n"
	"THIS SOFTWARE IS PROVIDED ``AS IS'' AND ANY EXPRESS OR IMPLIED\n"
	"WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF\n"
	"MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.\n"
	"IN NO EVENT SHALL THE AUTHOR(S) BE LIABLE FOR ANY DIRECT, INDIRECT,\n"
	"INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING,\n"
	"BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS\n"
	"OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND\n"
	"ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR\n"
	"TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE\n"
	"USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH\n"
	"DAMAGE.\n";

void license_print(void)
{
	/* A write error sticks to stdout: the caller's fflush(3) and ferror(3) see it. */
	fputs(foster_license, stdout);
	if (FOSTER_STATIC)
		fputs(bundled, stdout);
}
