# rehouse -- plain Makefile.  `make demo` and `make test` set up everything.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla -Werror=implicit-function-declaration
# The project's flags in variables of their own, the user's (CPPFLAGS,
# CFLAGS, LDFLAGS, LDLIBS) added after them: a variable given on the
# command line replaces the Makefile's, `+=` included.
PKG_CONFIG ?= pkg-config
# pkg-config where the library ships a .pc file (glpk and libcsv do not)
PC_LIBS := $(shell $(PKG_CONFIG) --libs inih nettle xlsxwriter 2>/dev/null)
ifeq ($(PC_LIBS),)
PC_LIBS := -linih -lnettle -lxlsxwriter
endif
PC_CMOCKA := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
ifeq ($(PC_CMOCKA),)
PC_CMOCKA := -lcmocka
endif
FINAL_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -MMD -MP $(CPPFLAGS)
FINAL_LIBS := -lglpk -lcsv $(PC_LIBS) -lm $(LDLIBS)
SANITIZER ?=
# address, undefined, or both (comma-separated); anything else is refused
SAN_OK := address undefined address,undefined undefined,address
ifneq ($(SANITIZER),)
ifeq ($(filter $(SANITIZER),$(SAN_OK)),)
$(error SANITIZER=$(SANITIZER): use one of $(SAN_OK))
endif
endif
SAN_FLAGS :=
ifneq ($(SANITIZER),)
SAN_FLAGS := -fsanitize=$(SANITIZER) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

BUILD   := build
SRCS    := $(sort $(shell find src -name '*.c' ! -path 'src/cli/main.c'))
OBJS    := $(SRCS:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/librehouse.a
BIN     := rehouse
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))
TESTBIN := $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)
# the fixture module every test binary links (tests/unit/planfix.h)
TESTFIX := $(BUILD)/tests/unit/planfix.o

# Debian packages the build and tests need.
DEB_PKGS := gcc make pkg-config libglpk-dev glpk-utils libcsv-dev libinih-dev nettle-dev libxlsxwriter-dev libcmocka-dev python3

.PHONY: all deps demo test unit corpus models golden report whatif misuse faults asan fuzz bench install uninstall clean
all: $(BIN)

# Install missing build dependencies when run as root (CI, fresh machine).
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing packages:$$missing (run as root or install them)"; exit 1; fi; \
	fi

# Every object depends on a stamp of the flags: changing CFLAGS,
# SANITIZER or the compiler rebuilds (the stamp is rewritten only when
# they differ from the last build's).
FLAGS_NOW := $(CC) $(FINAL_CPPFLAGS) $(WARN) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) $(FINAL_LIBS)
STAMP := $(BUILD)/.flags
$(shell mkdir -p $(BUILD) && { [ -f $(STAMP) ] && [ "$$(cat $(STAMP))" = '$(FLAGS_NOW)' ] || \
    printf '%s' '$(FLAGS_NOW)' > $(STAMP); })

$(BUILD)/%.o: %.c $(STAMP)
	@mkdir -p $(@D)
	$(CC) $(FINAL_CPPFLAGS) $(WARN) $(CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(LIB): $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/cli/main.o $(LIB)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $^ $(FINAL_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(TESTFIX) $(LIB) $(STAMP)
	@mkdir -p $(@D)
	$(CC) $(FINAL_CPPFLAGS) $(WARN) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(TESTFIX) $(LIB) $(FINAL_LIBS) $(PC_CMOCKA)

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) check --config fixtures/demo/plan.ini
	./$(BIN) plan --config fixtures/demo/plan.ini --out build/demo-plan

unit: $(TESTBIN)
	@fail=0; for t in $(TESTBIN); do \
	  echo "== $$t"; $$t 2>&1 || fail=1; \
	done; exit $$fail

corpus: $(BIN)
	@sh tests/corpus/run.sh ./$(BIN)

# glpsol on models/ must reach the same stage optima as rehouse; with
# caps, models/h_int.mod gives the integer H of every capped fixture.
models: $(BIN)
	@sh tests/models/run.sh ./$(BIN)
	@sh tests/models/caps.sh ./$(BIN)

test: deps
	@$(MAKE) --no-print-directory $(BIN) $(TESTBIN)
	@$(MAKE) --no-print-directory unit models corpus golden report whatif misuse

# Plans of the fixtures against their checked-in expected files.
golden: $(BIN)
	@sh tests/golden/run.sh ./$(BIN)

# report.html and plan.xlsx: contents, determinism, a headless browser render
# (the render is skipped where chromium is not installed).
report: $(BIN)
	@sh tests/report/run.sh ./$(BIN)
	@sh tests/report/render.sh ./$(BIN)

# Scenarios, compare, sweep (-j, shards, merge).
whatif: $(BIN)
	@sh tests/whatif/run.sh ./$(BIN)

# Misuse: foreign folders and lock files, stray arguments, sweeps and merges
# that must be refused, inputs that are not regular files.
misuse: $(BIN)
	@sh tests/misuse/run.sh ./$(BIN)

# Kill -9, full disk, concurrent runs, unwritable output, other locales.
faults: $(BIN)
	@sh tests/faults/run.sh ./$(BIN)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/rehouse \
	  SANITIZER=address,undefined CFLAGS='-O1 -g' \
	  build-asan/rehouse $(TESTSRC:tests/unit/%.c=build-asan/tests/%)
	@nm build-asan/rehouse | grep -q __asan_report || \
	  { echo "asan: build-asan/rehouse is not instrumented"; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/rehouse \
	  SANITIZER=address,undefined CFLAGS='-O1 -g' unit corpus golden

# libFuzzer harnesses (clang); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 30
fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# The binary and its man page (PREFIX=/usr/local; DESTDIR for staging).
PREFIX ?= /usr/local
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/rehouse
	install -m 0644 src/cli/rehouse.1 $(DESTDIR)$(PREFIX)/share/man/man1/rehouse.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rehouse $(DESTDIR)$(PREFIX)/share/man/man1/rehouse.1

# Benchmarks: generated instances at three scales, a table of medians.
bench: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh bench/run.sh ./$(BIN)

clean:
	rm -rf $(BUILD) build-asan $(BIN)

-include $(OBJS:.o=.d) $(BUILD)/src/cli/main.d $(TESTBIN:=.d) $(TESTFIX:.o=.d)
