# SPDX-License-Identifier: MIT
# The front doors. Every target installs what is missing first, so a fresh Debian 12 machine needs
# nothing else.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
CONFIG     ?= examples/home.toml
DATA       ?= var
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: all deps configure build run test unit bench fuzz clean

all: build

deps:
	@scripts/install-deps

# make and CI build with warnings as errors (SB_WERROR, off in a plain cmake build). A build
# directory configured without it (by hand, or before the default changed) is given it here and
# keeps its other settings.
configure:
	@if [ ! -f $(BUILD)/build.ninja ]; then \
	  cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_WERROR=ON; \
	elif ! grep -qix 'SB_WERROR:BOOL=ON' $(BUILD)/CMakeCache.txt; then \
	  cmake -S . -B $(BUILD) -DSB_WERROR=ON; \
	fi

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/run-example $(BUILD)/switchboard $(CONFIG) $(DATA)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	bench/run-all $(BUILD)/switchboard

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_WERROR=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tests/fuzz/run-all $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
