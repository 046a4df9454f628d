/* SPDX-License-Identifier: MIT */
/*
 * Privilege drop inside the init, what gosu, su-exec and setpriv are
 * otherwise chained in for (SPEC.md §7).
 *
 * Two halves. privs_resolve() runs in foster before the fork and does every
 * look-up that can fail on a bad name: users and groups (glibc may go through
 * NSS modules, musl reads /etc/passwd and /etc/group) and capability names.
 * privs_apply() runs in the child and only makes system calls, in the order
 * the kernel imposes (capabilities(7)):
 *
 *  1. The bounding set, while the child still has CAP_SETPCAP in its
 *     effective set, which the switch to a non-root uid clears. The bounding
 *     set only limits what later execve(2) and capset(2) calls may add, so
 *     lowering it first changes nothing for the steps below.
 *  2. Supplementary groups and gid (cap_setgroups(3)): they need
 *     CAP_SETGID, so before the uid.
 *  3. The uid (cap_setuid(3)). Going from uid 0 to another uid empties the
 *     permitted, effective and ambient sets, unless PR_SET_KEEPCAPS is on,
 *     which cap_setuid() sets for the call: so foster first trims the
 *     permitted set to the kept capabilities (none without --cap-keep) and
 *     CAP_SETUID, which the call itself needs; nothing else crosses.
 *  4. Permitted, effective and inheritable sets; for --cap-keep also the
 *     ambient set, the one that carries capabilities of a non-root user
 *     across execve(2).
 *  5. PR_SET_NO_NEW_PRIVS, which none of the above depends on.
 *
 * Capabilities travel as 64-bit masks, bit n for capability n.
 *
 * libcap's IAB API (cap_iab_set_proc(3)) does not do step 4's job: it
 * raises CAP_SETPCAP whenever it sets an ambient bit, which a non-root user
 * keeping only, say, CAP_NET_BIND_SERVICE lacks, so it fails with EPERM
 * where cap_set_ambient(3) works. For step 1 it would still take one
 * cap_iab_set_vector(3) call a capability, as cap_drop_bound(3) does, and
 * it drops again what cap_iab_get_proc(3) found out of the bounding set
 * already, which needs CAP_SETPCAP.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "privs.h"
#include "scan.h"

_Static_assert(CAP_LAST_CAP < 64, "capability masks are 64 bits wide");

/* NGROUPS_MAX of the Linux kernel; getgrouplist(3) never needs more. */
static const int groups_max = 65536;

static uint64_t cap_bit(cap_value_t v)
{
	return UINT64_C(1) << v;
}

/* Every capability the running kernel has; cap_max_bits(3) asks it. */
static uint64_t caps_all(void)
{
	cap_value_t n = cap_max_bits();

	return n >= 64 ? UINT64_MAX : cap_bit(n) - 1;
}

/*
 * One name as capabilities(7) spells it, any case, "cap_" optional.
 * cap_from_name(3) wants the prefix, and it also takes numbers and stops
 * at the first character that cannot be part of a name: only letters and
 * '_' are let through to it.
 */
static int cap_parse_name(const char *name, size_t len, cap_value_t *v)
{
	char buf[48] = "cap_";
	size_t skip = len >= 4 && !strncasecmp(name, "cap_", 4) ? 4 : 0;
	size_t i;

	if (len == skip || len - skip >= sizeof(buf) - 4)
		return -1;
	for (i = skip; i < len; i++)
		if (!isalpha((unsigned char)name[i]) && name[i] != '_')
			return -1;
	memcpy(buf + 4, name + skip, len - skip);
	buf[4 + len - skip] = '\0';
	return cap_from_name(buf, v) < 0 || *v < 0 || *v >= 64 ? -1 : 0;
}

/* A comma list of names, or "all", into *mask; opt names the option in messages. */
static int caps_parse(const char *opt, const char *list, uint64_t *mask)
{
	const char *s, *end;

	*mask = 0;
	if (!*list) {
		log_msg(LOG_ERROR, "%s: empty capability list", opt);
		return -1;
	}
	for (s = list;; s = end + 1) {
		size_t len;
		cap_value_t v;

		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		len = (size_t)(end - s);
		if (!len) {
			log_msg(LOG_ERROR, "%s %s: empty capability name", opt, list);
			return -1;
		}
		if (len == 3 && !strncasecmp(s, "all", 3)) {
			*mask |= caps_all();
		} else if (cap_parse_name(s, len, &v) == 0) {
			*mask |= cap_bit(v);
		} else {
			log_msg(LOG_ERROR, "%s %.*s: unknown capability", opt, (int)len, s);
			return -1;
		}
		if (!*end)
			return 0;
	}
}

/* getpwnam(3) and its kin return NULL with one of these errno values for "no entry". */
static bool not_found(int err)
{
	return err == 0 || err == ENOENT || err == ESRCH || err == EBADF || err == EPERM;
}

static bool is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* A decimal uid or gid; (uid_t)-1 is not one, setresuid(2) reserves it. */
static int parse_id(const char *s, unsigned int *id)
{
	unsigned long n;

	if (scan_number(s, (uid_t)-2, &n) < 0)
		return -1;
	*id = (unsigned int)n;
	return 0;
}

/* USER's groups from the group database, its primary group included, as initgroups(3) sets them. */
static int user_groups(const char *name, gid_t gid, struct privs *p)
{
	int n = 32;

	for (;;) {
		int found = n;
		gid_t *g = realloc(p->groups, (size_t)n * sizeof(*g));

		if (!g) {
			log_errno(LOG_ERROR, "--user %s", p->user);
			return -1;
		}
		p->groups = g;
		if (getgrouplist(name, gid, g, &found) >= 0) {
			p->ngroups = found;
			return 0;
		}
		/* found is now the number needed; grow at least twofold anyway. */
		n = found > n ? found : 2 * n;
		if (n > groups_max) {
			log_msg(LOG_ERROR, "--user %s: more than %d groups", p->user, groups_max);
			return -1;
		}
	}
}

/*
 * USER by name or number. A number needs no passwd entry (docker run --user
 * 1000): without one, foster's own gid stays and HOME is left alone.
 */
static int lookup_user(const char *name, struct privs *p)
{
	bool numeric = is_number(name);
	struct passwd *pw;

	if (numeric && parse_id(name, &p->uid) < 0) {
		log_msg(LOG_ERROR, "--user %s: not a valid uid", name);
		return -1;
	}
	errno = 0;
	pw = numeric ? getpwuid(p->uid) : getpwnam(name);
	if (!pw && !not_found(errno)) {
		log_errno(LOG_ERROR, "--user %s", name);
		return -1;
	}
	if (!pw && !numeric) {
		log_msg(LOG_ERROR, "--user %s: no such user", name);
		return -1;
	}
	if (!pw) {
		p->gid = getgid();
		return 0;
	}
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	p->home = strdup(pw->pw_dir);
	if (!p->home) {
		log_errno(LOG_ERROR, "--user %s", name);
		return -1;
	}
	return 0;
}

static int lookup_group(const char *name, struct privs *p)
{
	struct group *gr;

	if (is_number(name)) {
		if (parse_id(name, &p->gid) == 0)
			return 0;
		log_msg(LOG_ERROR, "--user %s: not a valid gid", p->user);
		return -1;
	}
	errno = 0;
	gr = getgrnam(name);
	if (!gr) {
		if (not_found(errno))
			log_msg(LOG_ERROR, "--user %s: no such group", p->user);
		else
			log_errno(LOG_ERROR, "--user %s", p->user);
		return -1;
	}
	p->gid = gr->gr_gid;
	return 0;
}

/*
 * "USER[:GROUP]". A name gets the groups that list it in the group database
 * and its primary group, which GROUP replaces, as gosu does: `nobody:root`
 * is in group 0 only. A number gets no supplementary group, even when it
 * has a name in /etc/passwd (docker run --user 1000).
 */
static int resolve_user(const char *spec, struct privs *p)
{
	char *user = strdup(spec), *group;
	int ret = -1;

	if (!user) {
		log_errno(LOG_ERROR, "--user %s", spec);
		return -1;
	}
	p->set_user = true;
	group = strchr(user, ':');
	if (group)
		*group++ = '\0';
	if (!*user)
		log_msg(LOG_ERROR, "--user %s: empty user name", spec);
	else if (group && !*group)
		log_msg(LOG_ERROR, "--user %s: empty group name", spec);
	else if (lookup_user(user, p) == 0 && (!group || lookup_group(group, p) == 0))
		ret = is_number(user) ? 0 : user_groups(user, p->gid, p);
	free(user);
	return ret;
}

int privs_resolve(const struct config *cfg, struct privs *p)
{
	memset(p, 0, sizeof(*p));
	p->wanted = cfg->user || cfg->cap_drop || cfg->cap_keep || cfg->no_new_privs;
	p->no_new_privs = cfg->no_new_privs;
	p->user = cfg->user;
	p->keep_list = cfg->cap_keep;
	if (cfg->cap_keep && !cfg->user) {
		log_msg(LOG_ERROR, "--cap-keep %s: needs --user (root keeps its capabilities anyway)",
			cfg->cap_keep);
		return -1;
	}
	if (cfg->cap_drop && caps_parse("--cap-drop", cfg->cap_drop, &p->drop) < 0)
		return -1;
	if (cfg->cap_keep && caps_parse("--cap-keep", cfg->cap_keep, &p->keep) < 0)
		return -1;
	if (p->keep & ~caps_all()) {
		log_msg(LOG_ERROR, "--cap-keep %s: not a capability of this kernel", cfg->cap_keep);
		return -1;
	}
	/*
	 * Keep wins: "--cap-drop all --cap-keep net_bind_service" means what
	 * Docker's "--cap-drop ALL --cap-add NET_BIND_SERVICE" means.
	 */
	p->drop &= caps_all() & ~p->keep;
	if (cfg->user && resolve_user(cfg->user, p) < 0) {
		privs_free(p);
		return -1;
	}
	return 0;
}

/* Logs "what cap_name: strerror" for a libcap call on one capability; returns -1. */
static int cap_fail(const char *what, cap_value_t v)
{
	int err = errno;
	char *name = cap_to_name(v);

	errno = err;
	log_errno(LOG_ERROR, "%s %s", what, name ? name : "?");
	cap_free(name);
	errno = err;
	return -1;
}

/* Sets or clears the capabilities of mask in c's permitted, effective and inheritable flags. */
static int caps_mark(cap_t c, uint64_t mask, cap_flag_value_t value)
{
	static const cap_flag_t flags[] = { CAP_PERMITTED, CAP_EFFECTIVE, CAP_INHERITABLE };
	cap_value_t v;
	size_t i;

	for (v = 0; v < 64; v++) {
		if (!(mask & cap_bit(v)))
			continue;
		for (i = 0; i < LEN(flags); i++)
			if (cap_set_flag(c, flags[i], 1, &v, value) < 0)
				return -1;
	}
	return 0;
}

/* Step 1. A capability already out of the bounding set needs no CAP_SETPCAP. */
static int drop_bounding(uint64_t drop)
{
	cap_value_t v;

	for (v = 0; v < 64; v++)
		if ((drop & cap_bit(v)) && cap_get_bound(v) != 0 && cap_drop_bound(v) < 0)
			return cap_fail("cap_drop_bound", v);
	return 0;
}

/* cap_get_proc(3), edited by caps_mark(), then cap_set_proc(3). */
static int edit_caps(uint64_t mask, cap_flag_value_t value, const char *what)
{
	cap_t c = cap_get_proc();
	int ret = -1;

	if (c && caps_mark(c, mask, value) == 0 && cap_set_proc(c) == 0)
		ret = 0;
	else
		log_errno(LOG_ERROR, "%s", what);
	cap_free(c);
	return ret;
}

/*
 * Steps 2 and 3 through libcap, which raises CAP_SETGID or CAP_SETUID in
 * the effective set for the one call: cap_setgroups(3) is setgid(2) then
 * setgroups(2), cap_setuid(3) is setuid(2) under PR_SET_KEEPCAPS, so the
 * permitted set crosses the switch to a non-root uid (the ambient set never
 * does). Both leave the effective set empty, which step 4 and execve(2) set
 * anew. Before a switch away from root, the permitted set is cut down to the
 * kept capabilities and CAP_SETUID, which the call needs itself: nothing
 * else crosses. libcap has no psx here (foster has one thread, and
 * libcap-musl.sh builds without it): these are the C library's calls.
 */
static int switch_user(const struct privs *p)
{
	if (cap_setgroups(p->gid, (size_t)p->ngroups, p->groups) < 0) {
		log_errno(LOG_ERROR, "cap_setgroups %u", (unsigned int)p->gid);
		return -1;
	}
	if (p->uid != 0 && edit_caps(~(p->keep | cap_bit(CAP_SETUID)), CAP_CLEAR, "cap_set_proc") < 0)
		return -1;
	if (cap_setuid(p->uid) < 0) {
		log_errno(LOG_ERROR, "cap_setuid %u", (unsigned int)p->uid);
		return -1;
	}
	return 0;
}

/*
 * Step 4 for a non-root user: the kept capabilities in the permitted,
 * effective and inheritable sets, the rest gone (setuid(2) left the
 * inheritable set as it was), and the kept ones raised in the ambient set,
 * or execve(2) would drop them for a program without file capabilities.
 */
static int set_user_caps(const struct privs *p)
{
	cap_t c = cap_init();
	cap_value_t v;

	if (!c || caps_mark(c, p->keep, CAP_SET) < 0 || cap_set_proc(c) < 0) {
		if (p->keep)
			log_errno(LOG_ERROR, "--cap-keep %s", p->keep_list);
		else
			log_errno(LOG_ERROR, "cap_set_proc");
		cap_free(c);
		return -1;
	}
	cap_free(c);
	/*
	 * No cap_reset_ambient(3) first: the kernel keeps the ambient set
	 * within permitted and inheritable, which are the kept ones now, so
	 * raising each kept one makes the ambient set exactly them.
	 */
	for (v = 0; v < 64; v++)
		if ((p->keep & cap_bit(v)) && cap_set_ambient(v, CAP_SET) < 0)
			return cap_fail("cap_set_ambient", v);
	return 0;
}

/*
 * Step 4 for root: the dropped capabilities out of the permitted, effective
 * and inheritable sets. The kernel takes them out of the ambient set with
 * them, as it keeps ambient within permitted and inheritable (capabilities(7)).
 */
static int drop_root_caps(uint64_t drop)
{
	return drop ? edit_caps(drop, CAP_CLEAR, "cap_set_proc") : 0;
}

/* Step 4: kept capabilities only for a non-root user, all but the dropped ones for root. */
static int set_caps(const struct privs *p)
{
	if (p->set_user && p->uid != 0)
		return set_user_caps(p);
	return drop_root_caps(p->drop);
}

int privs_apply(const struct privs *p)
{
	if (!p->wanted)
		return 0;
	if (drop_bounding(p->drop) < 0)
		return -1;
	if (p->set_user && switch_user(p) < 0)
		return -1;
	if (set_caps(p) < 0)
		return -1;
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0) {
		log_errno(LOG_ERROR, "prctl PR_SET_NO_NEW_PRIVS");
		return -1;
	}
	if (p->home && setenv("HOME", p->home, 1) < 0) {
		log_errno(LOG_ERROR, "setenv HOME");
		return -1;
	}
	return 0;
}

void privs_free(struct privs *p)
{
	free(p->groups);
	free(p->home);
	p->groups = NULL;
	p->home = NULL;
}
