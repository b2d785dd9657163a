# pm: small composable performance-monitoring tools.
# make [SANITIZE=1] [all|test|lint|bench|fuzz|install|uninstall|completions|clean]
# make analyze    cppcheck and clang-tidy, any finding fails (make test runs it)
# make memcheck   the CLI tests with every pm-* under valgrind (slow)

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS       = libcjson sqlite3 libcurl gsl
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# --as-needed: a command links only the shared libraries it uses (pm-sample
# needs neither curl nor SQLite), which keeps its RSS small.
DEP_LIBS   := -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lm -ldl
# pm-status draws its watch screen through curses (lib/pm_screen.c): only
# it links ncurses.
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)

OPT       ?= -O2 -g
# snprintf truncation is how messages and labels are bounded, on purpose.
WARN       = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
             -Wno-format-nonliteral -Wno-format-truncation
CFLAGS    ?= $(OPT)
PM_CFLAGS  = -std=c17 -D_GNU_SOURCE -DPM_VERSION='"$(VERSION)"' $(WARN) \
             -Ilib $(DEP_CFLAGS)

# The sanitizer build lives beside the normal one so neither rebuilds the
# other; tests find the binaries through PM_BIN.
ifeq ($(SANITIZE),1)
BUILD      = build/san
BIN        = build/san/bin
LIBPM      = build/san/libpm.a
SAN        = -fsanitize=address,undefined,float-cast-overflow \
             -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
OPT        = -O1 -g
else
BUILD      = build/rel
BIN        = bin
LIBPM      = lib/libpm.a
SAN        =
endif

CMDS       = $(patsubst cmd/%.c,%,$(wildcard cmd/pm-*.c))
PROGS      = $(addprefix $(BIN)/,$(CMDS))
LIB_SRC    = $(wildcard lib/*.c)
LIB_OBJ    = $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRC))
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNITS      = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))
MAN1       = $(wildcard man/*.1)
MAN5       = $(wildcard man/*.5)
MAN7       = $(wildcard man/*.7)
SHELLS     = bash zsh fish

all: $(PROGS)

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN) -c -o $@ $<

$(LIBPM): $(LIB_OBJ)
	@rm -f $@
	@echo "AR $@"
	@$(AR) rcs $@ $(LIB_OBJ)

$(BIN)/%: cmd/%.c $(LIBPM) lib/*.h
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN) -o $@ $< $(LIBPM) $(DEP_LIBS) \
		$(CMD_LIBS) $(LDFLAGS)

$(BUILD)/lib/pm_screen.o: PM_CFLAGS += $(CURSES_CFLAGS)
$(BIN)/pm-status: CMD_LIBS = $(CURSES_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(LIBPM) lib/*.h tests/unit/*.h
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN) -o $@ $< $(LIBPM) $(DEP_LIBS) \
		-lcmocka $(LDFLAGS)

units: $(UNITS)

# Fuzzing (tests/fuzz/): every tests/fuzz/fuzz_NAME.c is a libFuzzer
# target, built by clang against the library compiled with the same
# sanitizers into FUZZ_BUILD.  make fuzz runs each for FUZZ_SECONDS on a
# working copy of its corpus (FUZZ_BUILD/work/NAME); a crash stops it with
# the input in FUZZ_BUILD/NAME-crash-*.  make test replays every corpus
# through replay_NAME, the same target with a plain main() built by $(CC)
# with this build's flags, so CI needs no clang.
FUZZ_CC      ?= clang-14
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SRC     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_FLAGS   = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -Wno-unknown-warning-option
FUZZ_OBJ     = $(patsubst lib/%.c,$(FUZZ_BUILD)/lib/%.o,$(LIB_SRC))
REPLAYS      = $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/replay_%,$(FUZZ_SRC))

$(FUZZ_BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	@echo "CC $< (fuzz)"
	@$(FUZZ_CC) $(PM_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_BUILD)/libpm.a: $(FUZZ_OBJ)
	@rm -f $@
	@echo "AR $@"
	@$(AR) rcs $@ $(FUZZ_OBJ)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libpm.a \
    lib/*.h
	@echo "LD $@"
	@$(FUZZ_CC) $(PM_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -Itests/fuzz \
		-o $@ $< $(FUZZ_BUILD)/libpm.a $(DEP_LIBS)

fuzz:
	@scripts/install-deps fuzz
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) \
	    $(addprefix $(FUZZ_BUILD)/fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/work/$$t; \
		echo "FUZZ $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
		    -max_len=16384 -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_BUILD)/$$t- $(FUZZ_BUILD)/work/$$t \
		    tests/fuzz/corpus/$$t >$(FUZZ_BUILD)/$$t.log 2>&1 || \
		    { tail -60 $(FUZZ_BUILD)/$$t.log; exit 1; }; \
		grep -E '^#[0-9]+.*DONE|number_of_executed_units' \
		    $(FUZZ_BUILD)/$$t.log; \
	done

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz.h $(LIBPM) lib/*.h
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN) -Itests/fuzz -o $@ \
		tests/fuzz/replay.c $< $(LIBPM) $(DEP_LIBS) $(LDFLAGS)

# Stand-ins for the tests (tests/stand-in/README): an NVML library that
# answers from a description of GPUs, and one with only old drivers' names.
STANDIN    = $(BUILD)/stand-in/libnvidia-ml-stub.so \
             $(BUILD)/stand-in/libnvidia-ml-old.so

$(BUILD)/stand-in/libnvidia-ml-stub.so: tests/stand-in/nvml_stub.c
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(CC) -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN) -shared -fPIC \
		-o $@ $<

$(BUILD)/stand-in/libnvidia-ml-old.so: tests/stand-in/nvml_stub.c
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(CC) -std=c17 -D_GNU_SOURCE -DSTUB_OLD_DRIVER $(WARN) $(CFLAGS) \
		$(SAN) -shared -fPIC -o $@ $<

# Static analysis (scripts/analyze, .clang-tidy): cppcheck over lib/, cmd/
# and tests/unit/, clang-tidy over lib/ and cmd/, with this build's
# defines and include paths (curses' too, for pm_screen.c) from a
# compilation database; any finding fails.  make test runs it too (tests/cli/t960-analyze.t), so CI does.
ANALYZE_SRC = $(LIB_SRC) $(wildcard cmd/pm-*.c) $(UNIT_SRC)

$(BUILD)/compile_commands.json: FORCE
	@mkdir -p $(@D)
	@scripts/compdb $(CC) $(PM_CFLAGS) $(CURSES_CFLAGS) -- $(ANALYZE_SRC) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

analyze: $(BUILD)/compile_commands.json
	@scripts/analyze $(BUILD)

# The CLI tests with every pm-* run under valgrind's memcheck (wrappers in
# $(BUILD)/memcheck/bin; scripts/memcheck): an error or a definitely lost
# block in any run fails.  The plain build only (valgrind and ASan do not
# mix); slow, so MEMCHECK_JOBS=N runs N tests at once.
memcheck: all $(STANDIN) $(REPLAYS)
	PM_FUZZ=$(CURDIR)/$(BUILD)/fuzz PM_STANDIN=$(CURDIR)/$(BUILD)/stand-in \
		scripts/memcheck $(BIN) $(BUILD)/memcheck

# Every test: C unit tests and CLI tests (lint among them, t020), all
# through prove so the run ends in one "Result: PASS" or "Result: FAIL".
test: all units $(STANDIN) $(REPLAYS) $(BUILD)/compile_commands.json
	PM_BIN=$(CURDIR)/$(BIN) PM_TOP=$(CURDIR) PM_FUZZ=$(CURDIR)/$(BUILD)/fuzz \
		PM_BUILD=$(CURDIR)/$(BUILD) \
		PM_STANDIN=$(CURDIR)/$(BUILD)/stand-in CMOCKA_MESSAGE_OUTPUT=TAP \
		LC_ALL=C prove --exec '' $(PROVE_FLAGS) $(UNITS) tests/cli/*.t

check: test

# The main job: sample this machine for a few seconds and show the result.
run: all
	@BIN=$(BIN) scripts/main-job

lint: all
	@scripts/lint $(BIN)

completions: all
	@for c in $(CMDS); do for s in $(SHELLS); do \
		scripts/completion-path $$s $$c | { read f; \
		$(BIN)/$$c --completion $$s > $$f; }; done; done

$(BUILD)/bench/%: tests/bench/%.c $(LIBPM) lib/*.h
	@mkdir -p $(@D)
	@echo "LD $@"
	@$(CC) $(PM_CFLAGS) $(CFLAGS) -o $@ $< $(LIBPM) $(DEP_LIBS) $(LDFLAGS)

# Speed and memory goals, each measured beside the peer tools in one run:
# every scripts/bench/ script BENCH_ROUNDS times, then docs/BENCHMARKS.md
# and docs/benchmarks.html (scripts/bench/report).
BENCH_ROUNDS ?= 5
BENCH_TOOLS = reader_bench spawn_floor gpu_bench insert_floor
bench: all $(addprefix $(BUILD)/bench/,$(BENCH_TOOLS)) $(STANDIN)
	@scripts/install-deps bench
	PM_BIN=$(CURDIR)/$(BIN) PM_BUILD=$(CURDIR)/$(BUILD) \
		scripts/bench/report -n $(BENCH_ROUNDS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(MANPREFIX)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANPREFIX)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANPREFIX)/man5
	install -m 644 $(MAN7) $(DESTDIR)$(MANPREFIX)/man7
	for c in $(CMDS); do \
		install -m 644 completions/bash/$$c $(DESTDIR)$(BASHCOMPDIR)/$$c; \
		install -m 644 completions/zsh/_$$c $(DESTDIR)$(ZSHCOMPDIR)/_$$c; \
		install -m 644 completions/fish/$$c.fish $(DESTDIR)$(FISHCOMPDIR)/$$c.fish; \
	done

uninstall:
	for c in $(CMDS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$c $(DESTDIR)$(BASHCOMPDIR)/$$c \
		      $(DESTDIR)$(ZSHCOMPDIR)/_$$c $(DESTDIR)$(FISHCOMPDIR)/$$c.fish; \
	done
	for m in $(notdir $(MAN1)); do rm -f $(DESTDIR)$(MANPREFIX)/man1/$$m; done
	for m in $(notdir $(MAN5)); do rm -f $(DESTDIR)$(MANPREFIX)/man5/$$m; done
	for m in $(notdir $(MAN7)); do rm -f $(DESTDIR)$(MANPREFIX)/man7/$$m; done

clean:
	rm -rf build bin lib/libpm.a

.PHONY: all units fuzz test check run lint completions bench install uninstall clean \
	analyze memcheck FORCE
FORCE:
.SUFFIXES:
