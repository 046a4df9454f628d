/* Placeholder until issue 3 lands: privilege options are refused. */
#include "privs.h"
#include "log.h"

int privs_resolve(const struct config *cfg, struct privs *p)
{
	p->wanted = cfg->user || cfg->cap_drop || cfg->cap_keep || cfg->no_new_privs;
	if (p->wanted) {
		log_msg(0, "privilege options are not supported yet");
		return -1;
	}
	return 0;
}

int privs_apply(const struct privs *p)
{
	(void)p;
	return 0;
}
