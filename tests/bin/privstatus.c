/* SPDX-License-Identifier: MIT */
/*
 * privstatus [PID]: print the credentials a process runs with, this one by
 * default, for tests of --user, --cap-drop, --cap-keep and --no-new-privs
 * (tests/privs.bats). One line per field of /proc/PID/status that
 * privileges show in, with blanks squeezed ("Uid 65534 65534 65534 65534",
 * "Groups" when there are none), then this process's "HOME=..." or "HOME
 * unset". Exit 0, or 1 if the status file cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"Uid:", "Gid:", "Groups:", "CapInh:", "CapPrm:", "CapEff:", "CapBnd:",
	"CapAmb:", "NoNewPrivs:",
};

static int wanted(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strncmp(line, fields[i], strlen(fields[i])))
			return 1;
	return 0;
}

/* "Key:\ta\tb \n" -> "Key a b" */
static void squeeze(const char *line)
{
	const char *s;
	int blank = 0;

	for (s = line; *s && *s != '\n'; s++) {
		if (*s == ':' && s[1] && strchr(" \t\n", s[1]))
			continue;
		if (*s == ' ' || *s == '\t') {
			blank = 1;
			continue;
		}
		if (blank && s != line)
			putchar(' ');
		blank = 0;
		putchar(*s);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");
	char path[64], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", argc > 1 ? argv[1] : "self");
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		if (wanted(line))
			squeeze(line);
	fclose(f);
	if (home)
		printf("HOME=%s\n", home);
	else
		puts("HOME unset");
	return 0;
}
