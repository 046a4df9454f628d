# SPDX-License-Identifier: MIT
# foster: a tiny init for containers. `make` builds ./foster with the system
# compiler; `make static` builds ./foster-static with musl and a musl-built
# libcap; `make check` is what CI runs; `make install` installs both and the
# man page; `make release` builds static binaries per architecture in dist/.
# Override CC, CFLAGS, LDFLAGS, PREFIX, DESTDIR as usual; WERROR=1 turns
# warnings into errors (on in CI).

VERSION   = 0.1.0
SRCDIR   := $(realpath $(dir $(lastword $(MAKEFILE_LIST))))
# foster's own commit, 12 hex digits: from git only when this directory is
# the top of its own checkout (never the commit of a repository that merely
# contains the sources, such as a packaging repository), else from .version,
# which `git archive` fills in (export-subst, .gitattributes). Neither: none.
GIT      := $(shell [ "$$(git -C '$(SRCDIR)' rev-parse --show-toplevel 2>/dev/null)" = '$(SRCDIR)' ] && \
		git -C '$(SRCDIR)' rev-parse --short=12 HEAD 2>/dev/null || \
		sed -n 's/^commit \([0-9a-f]\{12\}\)[0-9a-f]*$$/\1/p' '$(SRCDIR)/.version' 2>/dev/null)
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
LIBEXECDIR ?= $(PREFIX)/libexec
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
            scan.c cgroup.c explain.c handover.c license.c
HDRS      = $(wildcard *.h)

# Which binary a (sub-)make links is decided here, never by a variable given
# on the command line: `make install OUT=foster-static` used to link a
# dynamic binary under the static one's name. The static, asan and release
# builds call this Makefile again with FOSTER_FLAVOUR set.
ifneq ($(filter command line environment,$(origin OUT) $(origin BUILD)),)
ifeq ($(FOSTER_FLAVOUR),)
$(error OUT and BUILD are set by the Makefile: use `make`, `make static`, `make asan` or `make release`)
endif
endif
BUILD    ?= build/dyn
OUT      ?= foster
OBJS      = $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS   = $(filter-out $(BUILD)/init.o,$(OBJS))

# A libcap built with musl (Debian's libcap.a is glibc's); see scripts/libcap-musl.sh.
LIBCAP_MUSL ?= build/libcap-musl

TEST_BINS = $(patsubst %.c,%,$(wildcard tests/bin/*.c)) tests/bin/failalloc.so
UNIT_BINS = $(patsubst %.c,$(BUILD)/%,$(wildcard tests/unit/t_*.c))
# How to run a unit test binary: empty natively, qemu-user for another architecture.
TEST_RUN ?=
FOSTER   ?= $(abspath $(OUT))
BATS      = bats --print-output-on-failure

all: $(OUT)

$(OUT): $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(@D)
	$(CC) $(DEFS) $(CPPFLAGS) $(WARN) $(HARDEN) $(CFLAGS) -c -o $@ $<

# Objects and binaries depend on the flags they are built with, the commit
# that --version prints included: a change of either rebuilds them, so that
# no object built with other flags (a package build's, an older commit's)
# is linked under the right name.
BUILD_FLAGS = $(CC) $(DEFS) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) $(LDLIBS)
$(OBJS) $(OUT): $(BUILD)/flags
$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' >$@

# A static build for one architecture: $(call static_build,CC,LIBCAP,BUILD,OUT).
# FOSTER_STATIC=1 puts the notices of musl and libcap into --license.
# foster-static must stay under 96 KiB: -Os, and no unwind tables (C code
# that never unwinds); foster spends its time in system calls, not in code.
# -z noseparate-code lets the headers, code and read-only data share pages
# rather than pad each to its own 4 KiB (ld's default since binutils 2.31):
# about 8 KiB of padding, in a binary that has no secrets in its rodata.
static_build = $(MAKE) FOSTER_FLAVOUR=static BUILD=$(3) OUT=$(4) CC='$(1)' \
		CPPFLAGS='$(CPPFLAGS) -DFOSTER_STATIC=1 -I$(abspath $(2))/include' \
		CFLAGS='$(CFLAGS) -Os -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections' \
		LDFLAGS='$(LDFLAGS) -static -s -Wl,--gc-sections -Wl,-z,noseparate-code -L$(abspath $(2))/lib' $(4)

ifeq ($(FOSTER_FLAVOUR),)
static foster-static: $(LIBCAP_MUSL)/lib/libcap.a FORCE
	$(call static_build,musl-gcc,$(LIBCAP_MUSL),build/static,foster-static)
	@file -L foster-static | grep -q 'statically linked' || \
		{ echo 'foster-static is not statically linked' >&2; exit 1; }
	@echo "foster-static: $$(stat -c %s foster-static) bytes, statically linked"
endif

$(LIBCAP_MUSL)/lib/libcap.a:
	scripts/libcap-musl.sh $(LIBCAP_MUSL)

# Another architecture, for scripts/release.sh: CROSS_ARCH names it (dist/
# and build/cross-ARCH/), CROSS_CC compiles for it (with musl's specs, or a
# static glibc for a test-only target), CROSS_RUN runs its programs (qemu-user).
CROSS_DIR = build/cross-$(CROSS_ARCH)
cross-static:
	$(call static_build,$(CROSS_CC),$(CROSS_DIR)/libcap,$(CROSS_DIR),dist/foster-static-$(CROSS_ARCH))

cross-unit:
	$(MAKE) FOSTER_FLAVOUR=static BUILD=$(CROSS_DIR) CC='$(CROSS_CC)' TEST_RUN='$(CROSS_RUN)' \
		CPPFLAGS='$(CPPFLAGS) -I$(abspath $(CROSS_DIR))/libcap/include' \
		LDFLAGS='$(LDFLAGS) -static -L$(abspath $(CROSS_DIR))/libcap/lib' unit

asan:
	$(MAKE) FOSTER_FLAVOUR=asan BUILD=build/asan OUT=foster-asan \
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
	@for t in $(UNIT_BINS); do $(TEST_RUN) $$t || exit 1; done

# The end-to-end suite, every test in both modes: foster as PID 1 of a fresh
# pid namespace, and foster as a subreaper under a shell.
test: $(OUT) unit bats

test-bins: $(TEST_BINS)

bats: $(TEST_BINS)
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=pid1 $(BATS) tests/
	FOSTER=$(FOSTER) FOSTER_TEST_MODE=subreaper $(BATS) tests/

test-static: static
	$(MAKE) bats FOSTER=$(abspath foster-static)

# The package's own tests (tests/package/): --license, --version as
# docker-init against dockerd's parser, the man page, install/uninstall.
test-package: all static
	FOSTER=$(abspath foster) FOSTER_STATIC_BIN=$(abspath foster-static) $(BATS) tests/package/

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

# foster writes its counters as a user without privilege too (privs tests),
# so the coverage build must be reachable by everyone: from a checkout in a
# private home (/root is 0700) it is made in /tmp instead.
coverage:
	@dir=build/cov; \
	if ! setpriv --reuid 65534 --regid 65534 --clear-groups test -x "$(CURDIR)"; then \
		dir=$${TMPDIR:-/tmp}/foster-cov; \
		echo "coverage: $(CURDIR) is private to its owner: the build is in $$dir"; \
	fi; \
	$(MAKE) --no-print-directory COV="$$dir" coverage-run

coverage-run:
	rm -rf $(COV)
	$(MAKE) FOSTER_FLAVOUR=cov BUILD=$(COV) OUT=$(COV)/foster CFLAGS='-O0 -g --coverage' \
		LDFLAGS='--coverage -Wl,--wrap=_exit,--wrap=execve' LDLIBS='$(COV)/gcov_exit.o -lcap' \
		$(COV)/gcov_exit.o $(COV)/foster $(patsubst %.c,$(COV)/%,$(wildcard tests/unit/t_*.c)) $(TEST_BINS)
	for t in $(patsubst %.c,$(COV)/%,$(wildcard tests/unit/t_*.c)); do $$t || exit 1; done
	chmod -R a+rwX $(COV)
	@# The two modes at once: the tests mostly wait, and libgcov locks its
	@# files; one after the other under a pids limit (scripts/jobs.sh).
	$(MAKE) -j$$(scripts/jobs.sh) coverage-pid1 coverage-subreaper
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
	shellcheck -x scripts/*.sh tests/*.bash tests/*.sh tests/boot/*.sh tests/runtime/*.bash bench/*.sh .ci/run
	mandoc -T lint -W warning foster.1

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

# Both builds, the man page, and docker-init: a link to the static build
# for dockerd's "init-path", which by that name prints its version the way
# dockerd parses it (see --version in foster.1).
install: foster foster-static
	install -D -m 0755 foster $(DESTDIR)$(BINDIR)/foster
	install -D -m 0755 foster-static $(DESTDIR)$(BINDIR)/foster-static
	install -D -m 0644 foster.1 $(DESTDIR)$(MANDIR)/man1/foster.1
	ln -sf foster.1 $(DESTDIR)$(MANDIR)/man1/foster-static.1
	install -d $(DESTDIR)$(LIBEXECDIR)/foster
	ln -sf "$$(realpath -m --relative-to=$(LIBEXECDIR)/foster $(BINDIR)/foster-static)" \
		$(DESTDIR)$(LIBEXECDIR)/foster/docker-init

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/foster $(DESTDIR)$(BINDIR)/foster-static \
		$(DESTDIR)$(MANDIR)/man1/foster.1 $(DESTDIR)$(MANDIR)/man1/foster-static.1 \
		$(DESTDIR)$(LIBEXECDIR)/foster/docker-init
	-rmdir $(DESTDIR)$(LIBEXECDIR)/foster 2>/dev/null

# Static binaries per architecture in dist/, with SHA-256 sums: see
# scripts/release.sh (cross compilers and musl from Debian, qemu-user).
release:
	scripts/release.sh

clean:
	rm -rf build/dyn build/static build/asan build/fuzz build/cov build/cross-* build/*-tests dist \
		foster foster-static foster-asan $(TEST_BINS)

FORCE:

.PHONY: all static cross-static cross-unit asan unit test test-bins bats test-static test-asan test-package \
	test-runtime check-boot fuzz stress coverage coverage-run coverage-pid1 coverage-subreaper bench bench-smoke \
	lint check demo install uninstall release clean FORCE
