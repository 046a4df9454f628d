/* SPDX-License-Identifier: MIT */
/* Unit tests of the cgroup parsers (cgroup.h) on file contents of both cgroup versions. */
#include <string.h>

#include "cgroup.h"
#include "check.h"

/* A hybrid host (this one): v1 controllers, v2 "0::" and a named hierarchy. */
static const char self_hybrid[] =
	"9:name=systemd:/\n"
	"8:pids:/libpod_parent/libpod-ab12\n"
	"4:memory:/libpod_parent/libpod-ab12\n"
	"2:cpu,cpuacct:/\n"
	"0::/user.slice\n";

/* A v2-only host: one line. */
static const char self_v2[] = "0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-9f.scope\n";

static void test_self(void)
{
	char path[64];

	CHECK(cgroup_parse_self(self_hybrid, "memory", path, sizeof(path)) == 0);
	CHECK(!strcmp(path, "/libpod_parent/libpod-ab12"));
	CHECK(cgroup_parse_self(self_hybrid, "pids", path, sizeof(path)) == 0);
	CHECK(!strcmp(path, "/libpod_parent/libpod-ab12"));
	CHECK(cgroup_parse_self(self_hybrid, "cpuacct", path, sizeof(path)) == 0);
	CHECK(!strcmp(path, "/"));
	CHECK(cgroup_parse_self(self_hybrid, NULL, path, sizeof(path)) == 0);
	CHECK(!strcmp(path, "/user.slice"));
	CHECK(cgroup_parse_self(self_hybrid, "systemd", path, sizeof(path)) == -1);
	CHECK(cgroup_parse_self(self_hybrid, "mem", path, sizeof(path)) == -1);
	CHECK(cgroup_parse_self(self_v2, NULL, path, sizeof(path)) == 0);
	CHECK(!strcmp(path, "/kubepods.slice/kubepods-pod1.slice/cri-containerd-9f.scope"));
	CHECK(cgroup_parse_self(self_v2, "memory", path, sizeof(path)) == -1);
	CHECK(cgroup_parse_self(self_v2, NULL, path, 8) == -1);	/* does not fit */
	CHECK(cgroup_parse_self("0::/", NULL, path, sizeof(path)) == 0 && !strcmp(path, "/"));
	CHECK(cgroup_parse_self("", NULL, path, sizeof(path)) == -1);
	CHECK(cgroup_parse_self("garbage\n:\n::", "memory", path, sizeof(path)) == -1);
	CHECK(cgroup_parse_self("4:memory:", "memory", path, sizeof(path)) == 0 && !strcmp(path, ""));
}

static void test_mount(void)
{
	char root[64], mnt[64];

	CHECK(cgroup_parse_mount("34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
				 "memory", root, mnt, sizeof(mnt)) == 0);
	CHECK(!strcmp(root, "/") && !strcmp(mnt, "/sys/fs/cgroup/memory"));
	/* podman's v1 container: the hierarchy mounted at the container's own cgroup. */
	CHECK(cgroup_parse_mount("612 605 0:31 /libpod_parent/libpod-ab12 /sys/fs/cgroup/memory ro,nosuid "
				 "master:15 - cgroup cgroup rw,memory\n", "memory", root, mnt, sizeof(mnt)) == 0);
	CHECK(!strcmp(root, "/libpod_parent/libpod-ab12") && !strcmp(mnt, "/sys/fs/cgroup/memory"));
	CHECK(cgroup_parse_mount("31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
				 "cpuacct", root, mnt, sizeof(mnt)) == 0);
	CHECK(cgroup_parse_mount("31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
				 "memory", root, mnt, sizeof(mnt)) == -1);
	CHECK(cgroup_parse_mount("40 30 0:37 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw",
				 NULL, root, mnt, sizeof(mnt)) == 0);
	CHECK(!strcmp(mnt, "/sys/fs/cgroup/unified"));
	CHECK(cgroup_parse_mount("40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw", "memory", root, mnt,
				 sizeof(mnt)) == -1);
	/* The word "memory" in the mount point or options is not the controller. */
	CHECK(cgroup_parse_mount("50 30 0:40 / /memory rw,memory - tmpfs memory rw", "memory", root, mnt,
				 sizeof(mnt)) == -1);
	CHECK(cgroup_parse_mount("22 1 0:21 / /proc rw - proc proc rw", NULL, root, mnt, sizeof(mnt)) == -1);
	CHECK(cgroup_parse_mount("1 2 3 / /x rw", NULL, root, mnt, sizeof(mnt)) == -1);	/* no separator */
	CHECK(cgroup_parse_mount("1 2 3 / /x rw - cgroup2", NULL, root, mnt, sizeof(mnt)) == -1);
	CHECK(cgroup_parse_mount("", NULL, root, mnt, sizeof(mnt)) == -1);
	CHECK(cgroup_parse_mount("1 2 3 / /a/very/long/mount/point/that/does/not/fit/in/sixty/four/bytes/at/all rw - "
				 "cgroup2 cgroup2 rw", NULL, root, mnt, sizeof(mnt)) == -1);
}

static void test_keyed(void)
{
	unsigned long v = 7;

	/* cgroup v2 memory.events */
	CHECK(cgroup_parse_keyed("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n", "oom_kill", &v) == 0 &&
	      v == 1);
	CHECK(cgroup_parse_keyed("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\n", "oom", &v) == 0 && v == 2);
	CHECK(cgroup_parse_keyed("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\n", "max", &v) == 0 && v == 12);
	/* cgroup v1 memory.oom_control */
	CHECK(cgroup_parse_keyed("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "oom_kill", &v) == 0 && v == 3);
	/* an old v1 kernel without the counter */
	CHECK(cgroup_parse_keyed("oom_kill_disable 0\nunder_oom 0\n", "oom_kill", &v) == -1);
	/* pids.events, both versions */
	CHECK(cgroup_parse_keyed("max 0\n", "max", &v) == 0 && v == 0);
	CHECK(cgroup_parse_keyed("max 41", "max", &v) == 0 && v == 41);
	CHECK(cgroup_parse_keyed("max -1\n", "max", &v) == -1);
	CHECK(cgroup_parse_keyed("max 1x\n", "max", &v) == -1);
	CHECK(cgroup_parse_keyed("max\n", "max", &v) == -1);
	CHECK(cgroup_parse_keyed("max 99999999999999999999999\n", "max", &v) == -1);
	CHECK(cgroup_parse_keyed("", "max", &v) == -1);
}

static void test_limit(void)
{
	unsigned long v = 0;

	CHECK(cgroup_parse_limit("max\n", &v) == 0 && v == CGROUP_NONE);	/* memory.max, pids.max */
	CHECK(cgroup_parse_limit("41943040\n", &v) == 0 && v == 41943040);	/* --memory 40m */
	CHECK(cgroup_parse_limit("64", &v) == 0 && v == 64);
	/* v1 memory.limit_in_bytes when unlimited: PAGE_COUNTER_MAX pages of 4 KiB, of 64 KiB */
	CHECK(cgroup_parse_limit("9223372036854771712\n", &v) == 0 && v == CGROUP_NONE);
	CHECK(cgroup_parse_limit("9223372036854710272\n", &v) == 0 && v == CGROUP_NONE);
	CHECK(cgroup_parse_limit("0\n", &v) == 0 && v == 0);	/* pids.current */
	CHECK(cgroup_parse_limit("maximum\n", &v) == -1);
	CHECK(cgroup_parse_limit("max\nmax\n", &v) == -1);
	CHECK(cgroup_parse_limit("", &v) == -1);
	CHECK(cgroup_parse_limit(" 5\n", &v) == -1);
	CHECK(cgroup_parse_limit("5 \n", &v) == -1);
	CHECK(cgroup_parse_limit("18446744073709551615\n", &v) == -1);
}

int main(void)
{
	test_self();
	test_mount();
	test_keyed();
	test_limit();
	return check_report("t_cgroup");
}
