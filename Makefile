# foster: a tiny init for containers. `make` builds ./foster with the system
# compiler; `make static` builds ./foster-static with musl and a musl-built
# libcap; `make check` is what CI runs. Override CC, CFLAGS, LDFLAGS, PREFIX,
# DESTDIR as usual; WERROR=1 turns warnings into errors (on in CI).

VERSION   = 0.1.0
GIT      := $(shell git rev-parse --short HEAD 2>/dev/null)
PREFIX   ?= /usr/local
CFLAGS   ?= -O2 -g
# Our own defines, apart from CPPFLAGS so that `make CPPFLAGS=...` keeps them.
DEFS      = -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 \
            -DFOSTER_VERSION=\"$(VERSION)\" -DFOSTER_GIT=\"$(GIT)\"
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wundef \
            -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
            -Wwrite-strings -Wcast-qual -Wpointer-arith -Wvla \
            -Wimplicit-fallthrough -Wnull-dereference $(if $(WERROR),-Werror)
HARDEN    = -fstack-protector-strong
LDLIBS   += -lcap

SRCS      = init.c cli.c signals.c reaper.c teardown.c watch.c proc.c child.c privs.c log.c \
            scan.c cgroup.c explain.c handover.c
HDRS      = $(wildcard *.h)
BUILD    ?= build/dyn
OUT      ?= foster
OBJS      = $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS   = $(filter-out $(BUILD)/init.o,$(OBJS))

# A libcap built with musl (Debian's libcap.a is glibc's); see scripts/libcap-musl.sh.
LIBCAP_MUSL ?= build/libcap-musl

TEST_BINS = $(patsubst %.c,%,$(wildcard tests/bin/*.c)) tests/bin/failalloc.so
UNIT_BINS = $(patsubst %.c,$(BUILD)/%,$(wildcard tests/unit/t_*.c))
FOSTER   ?= $(abspath $(OUT))
BATS      = bats --print-output-on-failure

all: $(OUT)

$(OUT): $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(@D)
	$(CC) $(DEFS) $(CPPFLAGS) $(WARN) $(HARDEN) $(CFLAGS) -c -o $@ $<

# foster-static must stay under 96 KiB: -Os, and no unwind tables (C code
# that never unwinds); foster spends its time in system calls, not in code.
# -z noseparate-code lets the headers, code and read-only data share pages
# rather than pad each to its own 4 KiB (ld's default since binutils 2.31):
# about 8 KiB of padding, in a binary that has no secrets in its rodata.
static: $(LIBCAP_MUSL)/lib/libcap.a
	$(MAKE) BUILD=build/static OUT=foster-static CC=musl-gcc \
		CPPFLAGS='$(CPPFLAGS) -I$(abspath $(LIBCAP_MUSL))/include' \
		CFLAGS='$(CFLAGS) -Os -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections' \
		LDFLAGS='$(LDFLAGS) -static -s -Wl,--gc-sections -Wl,-z,noseparate-code -L$(abspath $(LIBCAP_MUSL))/lib' foster-static
	@file -L foster-static | grep -q 'statically linked' || \
		{ echo 'foster-static is not statically linked' >&2; exit 1; }
	@echo "foster-static: $$(stat -c %s foster-static) bytes, statically linked"

$(LIBCAP_MUSL)/lib/libcap.a:
	scripts/libcap-musl.sh $(LIBCAP_MUSL)

asan:
	$(MAKE) BUILD=build/asan OUT=foster-asan \
		CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' foster-asan

tests/bin/%: tests/bin/%.c tests/bin/signames.h
	$(CC) -O2 -Wall -Wextra $(if $(WERROR),-Werror) -D_GNU_SOURCE -o $@ $<

# The ENOMEM shim of the fault tests, an LD_PRELOAD library.
tests/bin/failalloc.so: tests/lib/failalloc.c
	$(CC) -O2 -Wall -Wextra $(if $(WERROR),-Werror) -shared -fPIC -o $@ $< -ldl

# The seccomp helper of the fault tests needs libseccomp.
tests/bin/deny: tests/bin/deny.c
	$(CC) -O2 -Wall -Wextra $(if $(WERROR),-Werror) -D_GNU_SOURCE -o $@ $< -lseccomp

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(DEFS) $(CPPFLAGS) -I. $(WARN) -Wno-write-strings $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do $$t || exit 1; done

# The end-to-end suite, every test in both modes: foster as PID 1 of a fresh
# pid namespace, and foster as a subreaper under a shell.
test: $(OUT) unit bats

bats: $(TEST_BINS)
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=pid1 $(BATS) tests/
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=subreaper $(BATS) tests/

test-static: static
	$(MAKE) bats FOSTER=$(abspath foster-static)

test-asan: asan
	$(MAKE) bats FOSTER=$(abspath foster-asan)

# libFuzzer harnesses (clang, ASan + UBSan) of the parsers: options and
# environment with the privilege look-ups, signal names, /proc/PID/stat
# lines, numbers and durations. Each runs FUZZ_TIME seconds on a copy of its
# seed corpus (tests/fuzz/corpus/NAME); a crash, leak or broken invariant
# fails, its input saved as build/fuzz/crash-*.
FUZZ_TARGETS = cli signal stat scan cgroup
FUZZ_TIME   ?= 60
FUZZ_CC     ?= clang
FUZZ_SRCS    = $(filter-out init.c,$(SRCS))

build/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(DEFS) -I. -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(FUZZ_SRCS) $(LDLIBS)

fuzz: $(FUZZ_TARGETS:%=build/fuzz/%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus-$$t; \
		build/fuzz/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 -artifact_prefix=build/fuzz/ \
			build/fuzz/corpus-$$t tests/fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 || \
			{ tail -n 40 build/fuzz/$$t.log; echo "fuzz $$t: FAILED" >&2; exit 1; }; \
		awk -v t=$$t '/^stat::number_of_executed_units/ { n = $$2 } /^stat::peak_rss_mb/ { r = $$2 } \
			/^Done [0-9]+ runs in/ { s = $$(NF-1) } \
			END { printf "fuzz %-7s %9d runs in %3d s, peak RSS %d MB: no finding\n", t, n, s, r }' build/fuzz/$$t.log; \
	done

# Storms, both modes, bounded: 100,000 orphans in batches, 100,000 signals,
# a storm in the grace period (tests/stress/storms.bats prints the figures).
stress: $(OUT) $(TEST_BINS)
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=pid1 $(BATS) tests/stress/
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=subreaper $(BATS) tests/stress/

# Line coverage (gcov, gcovr) of the product files over the unit tests and
# the end-to-end suite in both modes, fault tests included: the table is
# printed, and a file under COVERAGE_FLOOR % of its lines fails.
COVERAGE_FLOOR ?= 90
COV = build/cov

coverage:
	rm -rf $(COV)
	$(MAKE) BUILD=$(COV) OUT=$(COV)/foster CFLAGS='-O0 -g --coverage' \
		LDFLAGS='--coverage -Wl,--wrap=_exit,--wrap=execve' LDLIBS='$(COV)/gcov_exit.o -lcap' \
		$(COV)/gcov_exit.o $(COV)/foster $(patsubst %.c,$(COV)/%,$(wildcard tests/unit/t_*.c)) $(TEST_BINS)
	for t in $(patsubst %.c,$(COV)/%,$(wildcard tests/unit/t_*.c)); do $$t || exit 1; done
	@# foster writes its counters as a user without privilege too (privs tests).
	chmod -R a+rwX $(COV)
	@# The two modes at once: the tests mostly wait, and libgcov locks its files.
	$(MAKE) -j2 coverage-pid1 coverage-subreaper
	scripts/coverage.sh $(COV) $(COVERAGE_FLOOR) $(SRCS)

coverage-pid1 coverage-subreaper:
	umask 000; FOSTER=$(abspath $(COV))/foster FOSTER_TEST_MODE=$(@:coverage-%=%) \
		$(BATS) tests/ >$(COV)/bats-$(@:coverage-%=%).log 2>&1 || \
		{ grep -A30 '^not ok' $(COV)/bats-$(@:coverage-%=%).log; exit 1; }
	@grep -c '^ok' $(COV)/bats-$(@:coverage-%=%).log | sed 's/$$/ tests passed in mode $(@:coverage-%=%)/'

$(COV)/gcov_exit.o: tests/cov/gcov_exit.c
	@mkdir -p $(@D)
	$(CC) -O2 -c -o $@ $<

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr -D_GNU_SOURCE $(SRCS)
	@# One file a run: clang-tidy 14 reports a false va_list error on a second file.
	for f in $(SRCS); do \
		clang-tidy --quiet $$f -- $(DEFS) $(CPPFLAGS) -std=c11 2>/dev/null || exit 1; \
		gcc $(DEFS) $(CPPFLAGS) -std=c11 -O1 -fanalyzer -Werror -c -o /dev/null $$f || exit 1; \
	done
	shellcheck -x scripts/*.sh tests/*.bash tests/boot/*.sh tests/runtime/*.bash bench/*.sh

# The README's test command: strict build, static analysis, the whole suite.
check:
	$(MAKE) WERROR=1 all
	$(MAKE) WERROR=1 lint
	$(MAKE) WERROR=1 test

# foster under real container runtimes: runc, podman --init, pods, FROM scratch.
test-runtime: static
	FOSTER=$(abspath foster-static) $(BATS) tests/runtime/

# foster-static as the init of a real boot (qemu, a Debian kernel): it must
# refuse, with /proc and without (tests/boot/run.sh; the kernel is cached in
# build/boot).
check-boot: static
	tests/boot/run.sh $(abspath foster-static) build/boot

# foster against tini, dumb-init and catatonit, side by side (not part of test).
bench: static
	bench/run.sh $(abspath foster-static)

bench-smoke: static
	BENCH_QUICK=1 bench/run.sh $(abspath foster-static)

demo: $(OUT)
	scripts/demo.sh $(abspath $(OUT))

install: $(OUT)
	install -D -m 0755 $(OUT) $(DESTDIR)$(PREFIX)/bin/foster

clean:
	rm -rf build/dyn build/static build/asan build/fuzz build/cov build/*-tests foster foster-static foster-asan $(TEST_BINS)

.PHONY: fuzz stress coverage coverage-pid1 coverage-subreaper all static asan unit test bats test-static test-asan test-runtime check-boot bench bench-smoke lint check demo install clean
