# Front end over CMake presets. `make demo` and `make test` are the README's two commands.
.PHONY: all setup build debug asan test test-release test-asan test-fuzz demo fuzz format clean

JOBS ?= 2
# Let ccache share results between checkouts in different folders.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

all: build

setup:
	bash scripts/setup.sh

build: setup
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

debug: setup
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

asan: setup
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

test-release: build
	ctest --preset release

# The e2e tests drive the release binary; under ASan the unit, slow and fuzz-style tests run.
test-asan: asan
	ctest --preset asan -LE e2e

# Every libFuzzer target (built in the asan tree) runs for FUZZ_SECONDS (default 10) over its
# seed corpus.
test-fuzz: fuzz

test: test-release test-asan test-fuzz

demo: build
	bash scripts/demo.sh

fuzz: asan
	FUZZ_SECONDS=$${FUZZ_SECONDS:-10} bash scripts/run_fuzzers.sh

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
