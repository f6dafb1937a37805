# Thin wrapper around meson: installs what is missing, configures, builds.
BUILD ?= build
ASAN ?= build-asan
MESON_SETUP = meson setup --wipe

.PHONY: all deps demo-deps build tests-enabled demo check check-asan check-valgrind format format-check fuzz bench bench-host bench-check-host clean

all: build

deps:
	@sh scripts/install-deps.sh

demo-deps:
	@sh scripts/install-deps.sh --demo

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# A build made by `make demo` has no tests (no cmocka then): turn them on.
# Warnings are errors in our own checks, not in a distribution's build.
tests-enabled: $(BUILD)/build.ninja
	meson configure $(BUILD) -Dtests=enabled -Dwerror=true

demo: demo-deps build
	@sh scripts/demo.sh $(BUILD)/vnuma

# Every test: the sources' formatting (.clang-format), unit, API, golden
# CLI, fuzz corpus replay, differential against QEMU 7.2; then the same
# unit/CLI suites under ASan+UBSan, and the CLI suite under valgrind.
check: deps tests-enabled
	sh scripts/format.sh --check
	meson compile -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2
	$(MAKE) check-asan check-valgrind
	@python3 tests/summary.py $(BUILD) $(ASAN)

$(ASAN)/build.ninja:
	CC=clang meson setup $(ASAN) -Db_sanitize=address,undefined -Db_lundef=false -Dqemu_tests=disabled -Dtests=enabled -Dwerror=true

check-asan: $(ASAN)/build.ninja
	meson compile -C $(ASAN)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	meson test -C $(ASAN) --print-errorlogs --suite unit --suite cli --suite api --suite fuzz

check-valgrind: build
	meson test -C $(BUILD) --print-errorlogs --suite cli --setup valgrind
	meson test -C $(BUILD) --print-errorlogs --suite unit --setup valgrindunit

# Reformats src/, include/ and cli/ in place with .clang-format.
format:
	sh scripts/format.sh

format-check:
	sh scripts/format.sh --check

bench: build
	sh bench/run.sh $(BUILD)/vnuma

# Populate throughput against the limit program, and vnuma --realize
# against QEMU 7.2 (needs root: sets up a huge page pool and gives it back).
bench-host: build
	sh bench/host.sh $(BUILD)

# vnuma --check-host of 128 nodes, whole process, paired with the report.
bench-check-host: build
	python3 bench/check_host.py $(BUILD)/vnuma 128 41

clean:
	rm -rf $(BUILD) $(ASAN)
