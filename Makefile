# crbench — one non-recursive Makefile.
#
#   make                 build $(BUILD)/crbench
#   make SANITIZE=1      the same with ASan + UBSan (in build-san/)
#   make check           install dependencies, build, run every test
#   make test-fast       build, run the tests that need no container, namespace or daemon
#   make demo            install dependencies, build, run experiments/local.yaml, write a report
#   make report          re-render the report of the newest run under results/
#   make workload-docs   rewrite docs/workloads.md's reference from the workload table
#   make install PREFIX=/usr/local
#   make format          clang-format every C file
#   make format-check    fail when a C file is not formatted (CI)

PREFIX ?= /usr/local
CC ?= cc

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD ?= build
SANFLAGS =
endif

# Every library of DESIGN.md is checked; only those in use are linked.
ALL_PKGS = yaml-0.1 jansson libssh2 libcurl gsl cairo pangocairo fontconfig libcrypto
USED_PKGS = yaml-0.1 jansson libssh2 libcurl gsl cairo pangocairo fontconfig libcrypto

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1.0)

# Recursively expanded on purpose: pkg-config runs when a file is compiled,
# which `make demo` and `make check` do only after infra/deps.sh.
PKG_CFLAGS = $(shell pkg-config --cflags $(USED_PKGS))
PKG_LIBS = $(shell pkg-config --libs $(USED_PKGS))

CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -MMD -MP -I. \
	-DCRBENCH_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) -pthread $(LDFLAGS)
LIBS = $(PKG_LIBS) -lm

MAIN_SRC = cli/main.c
LIB_SRC = $(filter-out $(MAIN_SRC), $(wildcard common/*.c spec/*.c cli/*.c \
	orchestrator/*/*.c orchestrator/*/*/*.c analysis/*.c report/*.c))
TEST_SRC = $(wildcard tests/unit/test_*.c)

# The ssh transport's command runner (runner/): a separate static program
# with libc alone, built without sanitizers, and carried inside crbench.
RUNNER_SRC = runner/runner.c common/spawn.c
RUNNER = $(BUILD)/runner/crbench-runner
RUNNER_BLOB = $(BUILD)/runner/blob.o

# Shell scripts run on hosts, embedded as strings (common/script.h).
SCRIPT_SRC = $(wildcard orchestrator/*/scripts/*.sh)
SCRIPT_OBJ = $(SCRIPT_SRC:%=$(BUILD)/%.o)

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(RUNNER_BLOB) $(SCRIPT_OBJ)
MAIN_OBJ = $(MAIN_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:%.c=$(BUILD)/%)
BIN = $(BUILD)/crbench

.PHONY: all tests check test-fast demo report install clean format format-check pkgcheck deps
.DEFAULT_GOAL := all
# keep test objects: they are listed in the dependency files
.SECONDARY:

all: $(BIN)

pkgcheck:
	@pkg-config --exists --print-errors $(ALL_PKGS) || \
		{ echo "missing libraries: run 'infra/deps.sh' as root" >&2; exit 1; }

# `make V=1` shows the full command lines.
ifeq ($(V),1)
Q =
else
Q = @
endif

$(BUILD)/%.o: %.c | pkgcheck
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(RUNNER): $(RUNNER_SRC) runner/protocol.h common/spawn.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@ (static)")
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I. -O2 -static -s -o $@ $(RUNNER_SRC)

$(RUNNER_BLOB): runner/blob.S $(RUNNER)
	$(Q)$(CC) -c -DRUNNER_BINARY='"$(RUNNER)"' -o $@ runner/blob.S

$(BUILD)/%.sh.o: %.sh common/script.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SCRIPT  $<")
	$(Q)$(CC) -c -DSCRIPT_FILE='"$<"' -DSCRIPT_SYMBOL=script_$(notdir $*) -o $@ common/script.S

$(BUILD)/libcrbench.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(BUILD)/libcrbench.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(BUILD)/libcrbench.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# The engine's tests drive the real engine with faults injected at chosen
# points: these functions it calls to journal, write and wait are wrapped at
# link time (tests/unit/engine_fakes.h), so the engine has no test branches.
ENGINE_TEST_WRAPS = rundir_journal rundir_journal_unsynced rundir_write_durable \
	write_file_replace write_file_atomic append_file_sync append_file interrupt_sleep
$(BUILD)/tests/unit/test_engine $(BUILD)/tests/unit/test_engine_plan: \
	ALL_LDFLAGS += $(ENGINE_TEST_WRAPS:%=-Wl,--wrap=%)

tests: $(BIN) $(TEST_BIN)

deps:
	infra/deps.sh

check: deps
	$(MAKE) tests
	BUILD=$(BUILD) tests/run

# no deps: what is missing is skipped (tests/lib.sh: needs), nothing installed
test-fast: tests
	BUILD=$(BUILD) tests/run --fast

demo: deps
	$(MAKE) all
	@dir=results/local-$$(date -u +%Y%m%dT%H%M%SZ); \
		$(BIN) run experiments/local.yaml -o "$$dir"; status=$$?; \
		[ $$status -le 1 ] || exit $$status; \
		$(BIN) analyze "$$dir" && $(BIN) report "$$dir" && \
		echo "report: $$dir/report/report.pdf"

report: $(BIN)
	@dir=$$(ls -1dt results/*/ 2>/dev/null | head -n 1); \
		[ -n "$$dir" ] || { echo "no run under results/; try 'make demo'" >&2; exit 1; }; \
		dir=$${dir%/}; \
		$(BIN) analyze "$$dir" && $(BIN) report "$$dir" && echo "report: $$dir/report/report.pdf"

# The section between the markers is `crbench help workloads --markdown` (t0525 checks it).
workload-docs: $(BIN)
	$(BIN) help workloads --markdown >$(BUILD)/workloads.section
	awk -v section=$(BUILD)/workloads.section \
		'/^<!-- END crbench help/ { skip = 0 } !skip; \
		/^<!-- BEGIN crbench help/ { while ((getline l < section) > 0) print l; skip = 1 }' \
		docs/workloads.md >$(BUILD)/workloads.md
	mv $(BUILD)/workloads.md docs/workloads.md

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/crbench/experiments
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/crbench
	install -m 644 experiments/*.yaml $(DESTDIR)$(PREFIX)/share/crbench/experiments/

clean:
	rm -rf build build-san

# Every C file and header of the tree, build outputs aside.
FORMAT_SRC = $(filter-out build/% build-san/%, \
	$(wildcard */*.[ch] */*/*.[ch] */*/*/*.[ch] */*/*/*/*.[ch]))

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_SRC) && \
		echo "format: $(words $(FORMAT_SRC)) C files as .clang-format wants them"

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d)
