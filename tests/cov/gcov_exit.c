/*
 * Linked into the coverage build only (make coverage, -Wl,--wrap=_exit):
 * the forked child of foster ends in _exit(2) when it cannot exec, which
 * would drop its gcov counters; dump them first. (gcc already wraps fork
 * and the exec family for the same reason.)
 */
void __gcov_dump(void);
void __real__exit(int code) __attribute__((noreturn));
void __wrap__exit(int code) __attribute__((noreturn));

void __wrap__exit(int code)
{
	__gcov_dump();
	__real__exit(code);
}
