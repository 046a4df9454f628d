#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/run.sh INIT: foster (INIT, the init under test) against tini,
# tini-static, dumb-init and catatonit, side by side in one interleaved run.
#
# Every init runs as PID 1 of a pid namespace of its own, made by the C
# driver (bench/drv.c) with clone(CLONE_NEWPID); none ever runs as PID 1
# anywhere else. Needs root (CLONE_NEWPID), a C compiler and, for the
# anchors, Debian's tini, dumb-init and catatonit (installed when missing).
#
# BENCH_QUICK=1: a short smoke run (CI). Otherwise a full run of a few
# minutes, which also writes bench/RESULTS.md for the README.
# BENCH_PIN=0: let the scheduler place tasks (default: all on one CPU).
# BENCH_RT=1: run everything SCHED_FIFO, for a machine that others load.
# BENCH_CC: the compiler for the driver (default cc).
# BENCH_ONLY=startup,running,reap,teardown: only those groups of metrics
# (running: idle, memory, latency, storm); no RESULTS.md then.
# BENCH_BASELINE=PATH: another foster build (an older foster-static, say) as
# one more column, "baseline", to measure a change before and after in the
# same interleaved run; no RESULTS.md then either.
# Results: bench/results/latest.tsv (and latest.md), git-ignored.
set -eu

die() {
	echo "bench: $*" >&2
	exit 2
}

[ $# -eq 1 ] || die "usage: $0 PATH_TO_INIT_UNDER_TEST"
init=$1
case $init in
/*) ;;
*) init=$(pwd)/$init ;;
esac
[ -x "$init" ] || die "$init: not an executable file"
[ "$(id -u)" -eq 0 ] || die "needs root: every init runs as PID 1 of a new pid namespace"

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$root/build/bench
results=$here/results
quick=${BENCH_QUICK:-0}
[ "$quick" = 0 ] || quick=1
cc=${BENCH_CC:-cc}

# The anchors: Debian's packages tini (tini and tini-static), dumb-init and
# catatonit. Install what is missing when we can; skip what we cannot.
missing=
for pkg_bin in tini:tini tini:tini-static dumb-init:dumb-init catatonit:catatonit; do
	[ -x "/usr/bin/${pkg_bin#*:}" ] || missing="$missing ${pkg_bin%%:*}"
done
if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1; then
	echo "bench: installing$missing"
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1; } ||
		echo "bench: could not install$missing" >&2
fi

set -- "foster=$init,--"
skipped=
add_anchor() { # NAME PATH ARG...: one more column, if PATH exists
	name=$1 path=$2
	shift 2
	if [ -x "$path" ]; then
		spec="$name=$path"
		for a in "$@"; do spec="$spec,$a"; done
		anchors="$anchors $spec"
	else
		skipped="$skipped $name"
		echo "bench: $path missing: no $name column" >&2
	fi
}
anchors=
# Each with signals forwarded to the program's process group, as foster does
# by default: tini needs -g, catatonit -g; dumb-init does it by default.
add_anchor tini /usr/bin/tini -g --
add_anchor tini-static /usr/bin/tini-static -g --
add_anchor dumb-init /usr/bin/dumb-init --
add_anchor catatonit /usr/bin/catatonit -g --
if [ -n "${BENCH_BASELINE:-}" ]; then
	[ -x "$BENCH_BASELINE" ] || die "BENCH_BASELINE=$BENCH_BASELINE: not an executable file"
	add_anchor baseline "$BENCH_BASELINE" --
fi
# shellcheck disable=SC2086 # specs hold no blanks
set -- "$@" $anchors

# The driver and the program every init runs, built here.
mkdir -p "$build" "$results"
cflags="-O2 -Wall -Wextra"
# shellcheck disable=SC2086 # word splitting of the flags is wanted
$cc $cflags -o "$build/drv" "$here/drv.c"
# A static program forks and execs faster; a dynamic one does as well.
# shellcheck disable=SC2086
$cc $cflags -static -o "$build/prog" "$here/prog.c" 2>/dev/null ||
	$cc $cflags -o "$build/prog" "$here/prog.c"

if [ "$quick" = 1 ]; then
	echo "bench: quick run (BENCH_QUICK=1): few iterations, numbers only indicative"
	qflag=-q
else
	echo "bench: full run: a few minutes; keep the machine otherwise idle"
	qflag=
fi
only=${BENCH_ONLY:-}
# shellcheck disable=SC2086 # qflag is empty or one word
"$build/drv" $qflag ${only:+-o "$only"} -p "$build/prog" \
	-t "$results/latest.tsv" -m "$build/table.md" "$@"

# The machine, for the markdown report.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
[ -n "$cpu" ] || cpu=$(uname -m)
cores=$(getconf _NPROCESSORS_ONLN)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
virt=
grep -qw hypervisor /proc/cpuinfo && virt=", virtual machine"
version() { # PATH: the first line of its --version (no init runs here)
	"$1" --version 2>&1 | head -n 1 || true
}

write_md() { # FILE
	{
		echo "# foster against tini, dumb-init and catatonit"
		echo
		if [ "$quick" = 1 ]; then
			echo "A **quick** run (\`make bench-smoke\`): few iterations, indicative only."
		else
			echo "A full run of \`make bench\` (bench/run.sh), $(date -u '+%Y-%m-%d %H:%M UTC')."
		fi
		echo
		echo "- Machine: $cpu, $cores cores, $mem$virt; Linux $(uname -r) ($(uname -m))."
		echo "- foster: \`$(version "$init")\`, $(basename "$init")."
		for b in /usr/bin/tini /usr/bin/dumb-init /usr/bin/catatonit; do
			[ -x "$b" ] && echo "- $(basename "$b"): \`$(version "$b")\`"
		done
		[ -z "${BENCH_BASELINE:-}" ] || echo "- baseline: \`$(version "$BENCH_BASELINE")\`, $BENCH_BASELINE."
		[ -z "$skipped" ] || echo "- Not measured (not installed):$skipped."
		if [ "${BENCH_PIN:-1}" = 0 ]; then
			echo "- Scheduling: CPUs left to the scheduler (BENCH_PIN=0)."
		else
			echo "- Scheduling: driver, inits and programs on one CPU (the last one)."
		fi
		if [ "${BENCH_RT:-0}" = 1 ]; then
			echo "  All SCHED_FIFO (BENCH_RT=1), to shield the run from other load on the machine."
		fi
		echo
		echo "Each cell: median [min, max] over the rounds, the inits interleaved A B C D A B C D..."
		echo "Last column: foster's median over the best anchor's (below 1 is better, except for"
		echo "reaping throughput, where above 1 is)."
		echo
		cat "$build/table.md"
		echo
		cat <<-'EOF'
		How each is measured (bench/drv.c drives, bench/prog.c is the program).
		Every init is PID 1 of a pid namespace of its own. The driver, the inits
		and their programs all run on one CPU (BENCH_PIN=0 lifts that): left to
		the scheduler, whether a wake-up crosses CPUs (an IPI, which a VM makes
		dear and charges to the task woken) varies from one instance to the next
		and splits any one init's numbers into two modes at random.

		- **start-up**: the driver times clone(CLONE_NEWPID) of `INIT ... -- /bin/true`
		  up to waitpid, less the median of `/bin/true` run alone the same way.
		- **idle**: voluntary + involuntary context switches of PID 1 in
		  /proc/PID/status while the program sleeps; VmRSS/VmHWM likewise.
		- **reaping**: a chain of orphans, each made with clone(CLONE_VM) by the one
		  before, which exits at once; until kill(-1, 0) in the namespace finds no
		  process (zombies included). Ceiling: a minimal C PID 1 looping on wait().
		- **latency**: round trip from the driver's kill(SIGUSR1) to PID 1 until the
		  program's handler has written a byte to a pipe; floor: the same signal
		  sent straight to the program. The inits take turns, signal by signal.
		- **CPU per signal forwarded**: PID 1's CPU time (/proc/PID/schedstat)
		  over the latency rounds, one signal at a time.
		- **storm**: real-time signals sent to PID 1 as fast as it forwards them, at
		  most 64 on their way at once; PID 1's CPU time over the number sent. Not
		  SIGUSR1: a standard signal merges with one already pending, so a storm
		  of them would measure how often the scheduler ran the init.
		- **teardown**: the program leaves 500 processes (clone(CLONE_VM), as for
		  reaping) that each exit on SIGTERM (writing a byte first, counted), and
		  exits; time from its exit until the driver sees PID 1 gone, which is
		  when the namespace is empty. tini and
		  catatonit exit at once: the kernel then SIGKILLs what is left of the
		  namespace; dumb-init sends SIGTERM to the process group and exits without
		  waiting, so some get it in time and the rest are SIGKILLed. Reference: a
		  minimal C PID 1 that sends SIGTERM and SIGCONT to -1 and wait()s.

		Medians are what to read: with BENCH_RT=1 the kernel's real-time throttling
		(sched_rt_runtime_us) stops the run for a few tens of ms now and then,
		which lands in some maxima.
		EOF
	} >"$1"
}

write_md "$results/latest.md"
echo
echo "bench: wrote $results/latest.tsv and $results/latest.md"
if [ "$quick" = 0 ] && [ -z "$only" ] && [ -z "${BENCH_BASELINE:-}" ]; then
	write_md "$here/RESULTS.md"
	echo "bench: wrote $here/RESULTS.md"
fi
