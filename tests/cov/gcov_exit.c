/* SPDX-License-Identifier: MIT */
/*
 * Linked into the coverage build only (make coverage, with
 * -Wl,--wrap=_exit,--wrap=execve): foster's forked child ends in execve(2)
 * or, when that fails, in _exit(2); either drops the gcov counters of
 * everything it ran (run_child, privs_apply, the PATH search). Write them
 * first. After a dump libgcov writes nothing more until its counters are
 * reset, so a failed execve goes on counting from zero, to be added at
 * the next dump.
 */
void __gcov_dump(void);
void __gcov_reset(void);
void __real__exit(int code) __attribute__((noreturn));
void __wrap__exit(int code) __attribute__((noreturn));
int __real_execve(const char *path, char *const argv[], char *const envp[]);
int __wrap_execve(const char *path, char *const argv[], char *const envp[]);

void __wrap__exit(int code)
{
	__gcov_dump();
	__real__exit(code);
}

int __wrap_execve(const char *path, char *const argv[], char *const envp[])
{
	__gcov_dump();
	__gcov_reset();
	return __real_execve(path, argv, envp);
}
