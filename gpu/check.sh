#!/usr/bin/env bash
# The one GPU script (issue 9). Two halves:
#
#   gpu/check.sh publish   on a build machine with the .NET SDK: publishes the CLI (harness) and the GPU test project
#                          (Harness.Cuda.Tests) self-contained for linux-x64 into ONE folder (they share a single copy
#                          of the .NET runtime), packs it as gpu/out/app.tar.xz and prints its size. The GPU host has
#                          no .NET.
#   gpu/check.sh run [STEP...]
#                          on the GPU host, from the repository root, with gpu/out/ and data/mnist/ present (the
#                          device `run` tool: carry ["gpu/out", "data/mnist"]): unpacks the app, runs doctor (which
#                          compiles the kernels to the device's machine code for every later step) and stops there if
#                          it finds no usable CUDA, then every step `steps` lists, in its order (or only the STEPs
#                          named, still in that order), and prints a short table last.
#   gpu/check.sh emulate   on the build machine, with g++ (`publish` ends with it): the published app as `run` runs
#                          it (doctor, the group launch, the wide path, the GPU tests, then the three sweeps and
#                          their tables and exports with each experiment cut to a few hundred images and one epoch)
#                          on a CPU stand-in for the CUDA driver and cuBLAS
#                          (tests/Harness.Cuda.Tests/Emulation/driver_emulator.cpp), so a broken publish shows before
#                          any device time is spent; about two minutes on 2 cores.
#   gpu/check.sh steps     lists the steps with their time limits and the sum.
#
# The steps: a first grouped launch (a member split over several blocks; if it fails or hangs, the rest runs with one
# block per member and the table says so), the wide path's tests (cuBLAS and CUDA graphs; if they fail, the rest runs
# on the fused kernel), the kernel-level GPU tests under compute-sanitizer memcheck and one under racecheck, the GPU
# tests plainly, `bench --engine cuda` and two variants of the fused kernel (4 blocks per SM on the 4,096-member case,
# 512 threads per block on the lone member's 30 epochs), one member split over fewer blocks (`groups`), the end-to-end
# sweeps (Nielsen x10 seeds, 100 random trials, the lecture's CNN x3 seeds). Each has its own time limit; all of them
# together stay under 8 minutes. Then, if the call has room left, `peers`: JAX and PyTorch on the benchmark's cases on
# the same machine (gpu/peers.py). A step's environment (e.g. HARNESS_CUDA_PATH=fused) can be set on the command line
# for a rerun of chosen steps.
#
# What comes back: the device tool returns at most 8 files from $OUT, 16 MiB each, so the run leaves three there (or
# in gpu/out/logs when OUT is unset), rewritten after every step so a run cut short still returns what it did:
# summary.txt (step, exit code, seconds), table.txt (the short table, also printed last) and logs.tar.gz: every step's
# full log and, after each sweep, its trials and learning curves as CSV (`harness export`). The store itself stays on
# the host: with every trial's model in it (a 100-trial random search's reach hundreds of MB) it would not come back.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUTDIR=$ROOT/gpu/out
WORK=${HARNESS_CHECK_WORK:-/tmp/harness-check} # the unpacked app, kernel cache, logs and store on the host
APP_TAR=${HARNESS_CHECK_APP:-$OUTDIR/app.tar.xz}

STEPS=(group-launch wide-path sanitizer-memcheck sanitizer-racecheck gpu-tests bench occupancy-4 threads-512 groups
    sweep-nielsen-10 sweep-random-100 sweep-cnn-mnist)
RESULTS_LIMIT=6 # after each sweep: its table and its trials and epochs exported as CSV (about 1 s each on 2 cores)
# doctor compiles the kernels to the device's machine code (NVRTC, then ptxas inside it: 26 s for both files on the
# 2-core build machine with NVRTC 11.8) into the kernel cache every later step loads from, so no later limit holds a
# compile; a doctor that ran out of time would end the run, so its limit is generous.
# gpu-tests took 37 s on the 2-core build machine's driver stand-in, which runs every kernel on the CPU.
declare -A LIMIT=([doctor]=60 [group-launch]=15 [wide-path]=15 [sanitizer-memcheck]=35 [sanitizer-racecheck]=25
    [gpu-tests]=45 [bench]=80 [occupancy-4]=15 [threads-512]=15 [groups]=15 [sweep-nielsen-10]=30
    [sweep-random-100]=30 [sweep-cnn-mnist]=75 [peers]=120)
# The fused kernel's variants two steps build: doctor compiles each in the background, under its setting, while the
# first steps run (the host has 16 cores), so those steps find them cached.
declare -A VARIANT=([occupancy-4]=HARNESS_CUDA_MIN_BLOCKS=4 [threads-512]=HARNESS_CUDA_BLOCK_THREADS=512)
WARM_LIMIT=120
# The peers (JAX and PyTorch, gpu/peers.py) on the same machine: run after the steps above when the call has room left
# (the device tool stops a command at 600 s), or when named.
PEERS_BY=560

publish() {
    set -e
    rm -rf "$OUTDIR/app" "$OUTDIR/app.tar.xz"
    mkdir -p "$OUTDIR/app"
    local common=(-c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true -p:DebugType=none
        -p:GenerateDocumentationFile=false -o "$OUTDIR/app")
    # The tests first: the CLI's publish then overwrites the assemblies both share with its ReadyToRun builds.
    dotnet publish tests/Harness.Cuda.Tests/Harness.Cuda.Tests.csproj "${common[@]}"
    dotnet publish src/Harness.Cli/Harness.Cli.csproj "${common[@]}"
    # What the GPU host does not need: the test SDK's code-coverage engine (other platforms included), native debug
    # symbols, the crash-dump tool and the debugger's runtime access (libmscordaccore, libmscordbi), the runtime's
    # LTTng tracing provider and its two standalone garbage collectors (loaded only when asked for), and translated
    # resource folders (messages fall back to English). Nor what only the commands it never runs load: `baseline`
    # (ML.NET's native trainers), `report` (SkiaSharp and HarfBuzz draw the figures) and `dashboard` (ASP.NET Core);
    # this app is the GPU check's, not one for users. About 12.6 MiB packed; `emulate` below runs every command the
    # GPU host runs on what is left.
    (cd "$OUTDIR/app" && rm -rf CodeCoverage Microsoft.CodeCoverage.* x64 x86 arm64 alpine macos ubuntu ./*.dbg createdump libmscordaccore.so libmscordbi.so \
        libcoreclrtraceptprovider.so libclrgc.so libclrgcexp.so lib_lightgbm.so libFastTreeNative.so libLdaNative.so \
        libSkiaSharp.so libHarfBuzzSharp.so Microsoft.AspNetCore.*.dll \
        cs de es fr it ja ko pl pt-BR ru tr zh-Hans zh-Hant)
    tar -cf - -C "$OUTDIR/app" . | xz -T0 -9e > "$OUTDIR/app.tar.xz"
    du -sh "$OUTDIR/app" | sed 's/^/unpacked: /'
    ls -l "$OUTDIR/app.tar.xz" | awk '{printf "packed: %.1f MiB (gpu/out/app.tar.xz)\n", $5 / 1048576}'
    rm -rf "$OUTDIR/app"
    # The device tool sends the working tree (tracked and untracked files git does not ignore) plus what is carried.
    local bytes
    bytes=$( { git ls-files -z --cached --others --exclude-standard | xargs -0 -r du -cb 2>/dev/null | awk '/\ttotal$/ { s += $1 } END { print s + 0 }'
        du -sb gpu/out data/mnist 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; } | awk '{ s += $1 } END { print s }')
    awk -v b="$bytes" 'BEGIN { printf "travels: %.1f MiB of the device tool'"'"'s 64 (the working tree, gpu/out and data/mnist)\n", b / 1048576 }'
    if [ "$bytes" -gt $((64 * 1048576)) ]; then
        echo "gpu/check.sh publish: over 64 MiB: the device tool would refuse the call" >&2
        exit 1
    fi
    echo "carry gpu/out and data/mnist (MNIST's four .gz files, 11 MiB; 'harness data fetch' writes them)"
    set +e
    if command -v g++ > /dev/null; then
        emulate || { echo "gpu/check.sh publish: the published app failed on the emulated driver (above): fix it before spending device time" >&2; exit 1; }
    else
        echo "g++ not found: the published app was not tried on the emulated driver ('gpu/check.sh emulate' once there is g++)"
    fi
}

# The steps `emulate` runs: the quick device checks, and the sweeps with their experiments cut to a few hundred images
# and one epoch (SHRINK=1: the stand-in runs the kernels on the CPU), each followed by its results as on the GPU host.
EMULATED=(group-launch wide-path gpu-tests sweep-nielsen-10 sweep-random-100 sweep-cnn-mnist)
SHRINK=0

emulate() {
    command -v g++ > /dev/null || { echo "gpu/check.sh emulate: g++ not found (Debian: apt-get install g++)" >&2; return 2; }
    local base=$WORK-emulated s
    local driver=$base/driver
    rm -rf "$base" && mkdir -p "$driver"
    cp src/Harness.Cuda/Kernels/* tests/Harness.Cuda.Tests/Emulation/emulator.h tests/Harness.Cuda.Tests/Emulation/fibers.h \
        tests/Harness.Cuda.Tests/Emulation/driver_emulator.cpp "$driver"/
    g++ -std=c++20 -O2 -pthread -w -shared -fPIC -I "$driver" -o "$driver/libdriver_emulator.so" "$driver/driver_emulator.cpp" || return 1
    ln -s libdriver_emulator.so "$driver/libcuda.so.1" && ln -s libdriver_emulator.so "$driver/libcublas.so.12"
    echo "=== the published app on the emulated driver ($driver)"
    (export LD_LIBRARY_PATH=$driver${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} OUT=$base/back; WORK=$base/work SHRINK=1; run "${EMULATED[@]}")
    local checked=(doctor)
    for s in "${EMULATED[@]}"; do
        checked+=("$s")
        case $s in sweep-*) checked+=("results-${s#sweep-}") ;; esac
    done
    for s in "${checked[@]}"; do
        grep -qE "^$s +0 " "$base/back/summary.txt" || { echo "gpu/check.sh emulate: $s failed on the emulated driver (logs: $base/work/logs)" >&2; return 1; }
    done
    echo "emulated driver: ${checked[*]} passed"
}

steps() {
    local total=${LIMIT[doctor]} s
    printf '%-22s %4ss  %s\n' doctor "${LIMIT[doctor]}" "(always first; the run stops there without a usable CUDA)"
    for s in "${STEPS[@]}"; do
        case $s in
            sweep-*)
                printf '%-22s %4ss  (then its results: %ss)\n' "$s" "${LIMIT[$s]}" "$RESULTS_LIMIT"
                total=$((total + RESULTS_LIMIT)) ;;
            *) printf '%-22s %4ss\n' "$s" "${LIMIT[$s]}" ;;
        esac
        total=$((total + LIMIT[$s]))
    done
    printf '%-22s %4ss\n' "all" "$total"
    printf '%-22s %4ss  (then, when it can end by %ss into the run, or when named)\n' peers "${LIMIT[peers]}" "$PEERS_BY"
}

# step NAME SECONDS COMMAND...: runs with a limit, logs to $LOGS/NAME.log, records the outcome for the table. Under
# `emulate` the limit is doubled: the stand-in runs every kernel on the build machine's CPU (gpu-tests: 37 s there).
step() {
    local name=$1 limit=$2
    shift 2
    [ "$SHRINK" = 1 ] && limit=$((limit * 2))
    local start
    start=$(date +%s.%N)
    echo "=== $name (limit ${limit}s): $*"
    timeout --kill-after=5 "$limit" "$@" > >(tee "$LOGS/$name.log") 2>&1
    local rc=$?
    awk -v n="$name" -v rc="$rc" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%-22s %4s  %8.2fs\n", n, rc, b - a }' >> "$LOGS/summary.txt"
    deliver
    return "$rc"
}

# deliver: what comes back from the host, rewritten in full each time (at most 8 files may come back).
deliver() {
    cp "$LOGS/summary.txt" "$BACK/summary.txt"
    tar -czf "$WORK/logs.tar.gz" -C "$LOGS" . && mv -f "$WORK/logs.tar.gz" "$BACK/logs.tar.gz"
}

# results STEP EXPERIMENT TABLE: after a sweep, its table (TABLE=1) and its trials and learning curves exported from the
# store as CSV beside the logs, each tried whatever the others did (a sweep stopped at its limit still has the epochs
# it finished); the step fails with the last failure's code.
results() {
    step "$1" "$RESULTS_LIMIT" bash -c '
        app=$1 db=$2 logs=$3 name=$4 rc=0
        if [ "$5" = 1 ]; then "$app" table "$name" --db "$db" || rc=$?; fi
        "$app" export "$name" --db "$db" --out "$logs/$name-trials.csv" > /dev/null || rc=$?
        "$app" export "$name" --epochs --db "$db" --out "$logs/$name-epochs.csv" > /dev/null || rc=$?
        exit "$rc"' _ "$APP/harness" "$DB" "$LOGS" "$2" "$3"
}

note() { echo "$*" | tee -a "$LOGS/summary.txt"; }

run_group-launch() {
    if ! step group-launch "${LIMIT[group-launch]}" "$APP/Harness.Cuda.Tests" -nocolor -class Harness.Cuda.Tests.Device.GroupLaunchTests; then
        export HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1
        note "group-launch failed: the remaining steps train every member in one block"
    fi
}

run_wide-path() {
    if ! step wide-path "${LIMIT[wide-path]}" "$APP/Harness.Cuda.Tests" -nocolor -class Harness.Cuda.Tests.Device.WideParityTests; then
        export HARNESS_CUDA_PATH=fused
        note "wide-path failed: the remaining steps train every cohort on the fused kernel"
    fi
}

# Kernel-level tests under the sanitizer (it slows kernels 10-100x, so not the long parity runs).
run_sanitizer-memcheck() {
    command -v compute-sanitizer > /dev/null || { note "compute-sanitizer not found: memcheck skipped"; return; }
    step sanitizer-memcheck "${LIMIT[sanitizer-memcheck]}" compute-sanitizer --tool memcheck --error-exitcode 3 \
        "$APP/Harness.Cuda.Tests" -nocolor \
        -method 'Harness.Cuda.Tests.Device.DeviceKernelTests.*' \
        -method Harness.Cuda.Tests.Device.CohortParityTests.Full_batch_steps_match_the_CPU_by_loss_and_every_tensor \
        -method Harness.Cuda.Tests.Device.CohortParityTests.Dropout_masks_drop_at_the_rate_and_scale_the_kept_units \
        -method Harness.Cuda.Tests.Device.WideParityTests.With_dropout_the_wide_path_matches_the_fused_kernel \
        -method Harness.Cuda.Tests.Device.CnnParityTests.Early_stopping_restores_the_best_CNN_and_the_exported_model_evaluates_like_the_CPUs
}

run_sanitizer-racecheck() {
    command -v compute-sanitizer > /dev/null || { note "compute-sanitizer not found: racecheck skipped"; return; }
    step sanitizer-racecheck "${LIMIT[sanitizer-racecheck]}" compute-sanitizer --tool racecheck --error-exitcode 3 \
        "$APP/Harness.Cuda.Tests" -nocolor \
        -method Harness.Cuda.Tests.Device.CohortParityTests.Full_batch_steps_match_the_CPU_by_loss_and_every_tensor
}

run_gpu-tests() {
    # Every test that needs the GPU is in Device; the two classes run above are not repeated, and the CPU-side tests
    # (the block emulator, the NVRTC compile) ran in CI.
    step gpu-tests "${LIMIT[gpu-tests]}" "$APP/Harness.Cuda.Tests" -nocolor -parallel none -namespace Harness.Cuda.Tests.Device \
        -class- Harness.Cuda.Tests.Device.GroupLaunchTests -class- Harness.Cuda.Tests.Device.WideParityTests
}

run_bench() { step bench "${LIMIT[bench]}" "$APP/harness" bench --engine cuda; }

# Variants of the fused kernel against the default build's rows (each prints its registers and blocks per SM): built
# to fit 4 blocks per SM (fewer registers, some spilled) on the many-member case, and with 512 threads per block on the
# lone member's 30 epochs (16 warps at 128 registers; 1,024 threads get 64 registers, and ptxas 11.8 spills inside the
# dense forward tile's loop there). Then `groups`: the random search's largest batch-16 draw (bench's random-deep row:
# as many blocks as GroupPlan gives it) capped at 1 and at 4 blocks, the figures that say whether
# GroupPlan.WorkPerBlockPhase splits a lone member well.
run_occupancy-4() {
    warmed occupancy-4
    step occupancy-4 "${LIMIT[occupancy-4]}" env "${VARIANT[occupancy-4]}" "$APP/harness" bench --engine cuda --config nielsen-x4096
}

run_threads-512() {
    warmed threads-512
    step threads-512 "${LIMIT[threads-512]}" env "${VARIANT[threads-512]}" "$APP/harness" bench --engine cuda --config nielsen-30ep
}

run_groups() {
    if [ -n "${HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER:-}" ]; then
        note "groups skipped: HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER is set ($HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER) for this run"
        return
    fi
    step groups "${LIMIT[groups]}" bash -c 'for cap in 1 4; do
            HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=$cap "$1" bench --engine cuda --config random-deep || exit
        done' _ "$APP/harness"
}

# warm STEP...: for each chosen step that builds a variant, doctor under its setting in the background (logs
# warm-STEP.log); the step waits for it first (`warmed`), outside its limit, so a rerun of that step alone does not
# spend its limit compiling.
declare -A WARMING=()
warm() {
    local s
    for s in "$@"; do
        [ -n "${VARIANT[$s]:-}" ] || continue
        timeout --kill-after=5 "$WARM_LIMIT" env "${VARIANT[$s]}" "$APP/harness" doctor --kernel-cache "$HARNESS_KERNEL_CACHE" \
            > "$LOGS/warm-$s.log" 2>&1 &
        WARMING[$s]=$!
    done
}

warmed() { if [ -n "${WARMING[$1]:-}" ]; then wait "${WARMING[$1]}"; fi; }

# End to end from sweep start to exit, store writes included, with the engine's defaults (cohorts of up to 132
# members, up to 8 cohorts at once on a 132-SM device).
run_sweep-nielsen-10() {
    sed 's/"repeats": 3/"repeats": 10/' experiments/nielsen-2015.json | shrink 500 1 > "$WORK/nielsen-10.json" || return
    step sweep-nielsen-10 "${LIMIT[sweep-nielsen-10]}" "$APP/harness" sweep "$WORK/nielsen-10.json" --engine cuda --db "$DB"
    results results-nielsen-10 nielsen-2015 1
}

run_sweep-random-100() {
    local trials=100
    [ "$SHRINK" = 1 ] && trials=6
    shrink 500 1 < experiments/mnist-random.json > "$WORK/mnist-random.json" || return
    step sweep-random-100 "${LIMIT[sweep-random-100]}" "$APP/harness" sweep "$WORK/mnist-random.json" --trials "$trials" --engine cuda --db "$DB"
    results results-random-100 mnist-random 0
}

# shrink IMAGES EPOCHS: the experiment on stdin to stdout, as it is on the GPU host; under `emulate` (SHRINK=1) cut to
# the first IMAGES images of each split and EPOCHS epochs, since the stand-in runs the kernels on one CPU thread.
# Fails, naming the step, where the experiment's dataset line no longer reads as the cut expects.
shrink() {
    if [ "$SHRINK" != 1 ]; then cat; return; fi
    local cut
    cut=$(sed -e "s/\"split\": \"standard\" }/\"split\": \"standard\", \"train_limit\": $1, \"validation_limit\": $1, \"test_limit\": $1 }/" \
        -e "s/\"epochs\": [0-9]*/\"epochs\": $2/")
    grep -q '"train_limit"' <<< "$cut" || { note "${FUNCNAME[1]#run_}: its experiment's dataset has no '\"split\": \"standard\" }' to cut" >&2; return 1; }
    printf '%s\n' "$cut"
}

run_peers() {
    if command -v python3 > /dev/null; then
        step peers "${LIMIT[peers]}" env PYTHONUNBUFFERED=1 python3 gpu/peers.py --data "$HARNESS_DATA"
    else
        note "python3 not found: peers skipped"
    fi
}

# The lecture's CNN, 3 seeds at once (issue 11: >= 99.0% test as their mean).
run_sweep-cnn-mnist() {
    shrink 20 1 < experiments/cnn-mnist.json > "$WORK/cnn-mnist.json" || return
    step sweep-cnn-mnist "${LIMIT[sweep-cnn-mnist]}" "$APP/harness" sweep "$WORK/cnn-mnist.json" --engine cuda --cohort 3 --db "$DB"
    results results-cnn-mnist cnn-mnist 1
}

table() {
    echo "=== short table (step, exit code, wall seconds; 124 = hit its limit, 2 = refused: no usable CUDA)"
    cat "$LOGS/summary.txt"
    if [ -f "$LOGS/bench.log" ]; then
        echo "--- bench"
        grep -h '^cohort_epoch:' "$LOGS/bench.log"
        sed -n '/^case /,/^blocks:/p' "$LOGS/bench.log"
    fi
    if [ -f "$LOGS/groups.log" ]; then
        echo "--- random-deep with HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1, then 4 (bench's row above: the default split)"
        grep -h '^random-deep ' "$LOGS/groups.log"
    fi
    if [ -f "$LOGS/occupancy-4.log" ] || [ -f "$LOGS/threads-512.log" ]; then
        echo "--- HARNESS_CUDA_MIN_BLOCKS=4, then HARNESS_CUDA_BLOCK_THREADS=512"
        grep -hE '^cohort_epoch:|^nielsen-x4096' "$LOGS/occupancy-4.log" 2>/dev/null
        grep -hE '^cohort_epoch:|^nielsen-30ep' "$LOGS/threads-512.log" 2>/dev/null
    fi
    if [ -f "$LOGS/gpu-tests.log" ]; then
        echo "--- tests"
        grep -hE 'Total:|Failed:|Skipped:' "$LOGS/gpu-tests.log" | tail -3
    fi
    grep -hE 'ERROR SUMMARY|RACECHECK SUMMARY' "$LOGS"/sanitizer-*.log 2>/dev/null
    if [ -f "$LOGS/peers.log" ]; then
        echo "--- peers on this machine (gpu/peers.py)"
        grep -h '^peer ' "$LOGS/peers.log"
    fi
    local s
    for s in sweep-nielsen-10 sweep-random-100 sweep-cnn-mnist; do
        [ -f "$LOGS/$s.log" ] || continue
        echo "--- $s (limit ${LIMIT[$s]}s; wall seconds in the table above)"
        tail -n 3 "$LOGS/$s.log"
    done
    for s in results-nielsen-10 results-cnn-mnist; do
        [ -f "$LOGS/$s.log" ] || continue
        echo "--- $s"
        tail -n 8 "$LOGS/$s.log"
    done
}

run() {
    local chosen=("$@") s
    has() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; } # has WORD "LIST"
    for s in "${chosen[@]}"; do
        if ! has "$s" "${STEPS[*]} peers"; then
            echo "gpu/check.sh run: unknown step '$s'; the steps are: ${STEPS[*]} peers" >&2
            exit 2
        fi
    done
    local whole=0
    [ ${#chosen[@]} -gt 0 ] || { chosen=("${STEPS[@]}"); whole=1; }
    if [ ! -f "$APP_TAR" ]; then
        echo "gpu/check.sh run: ${APP_TAR#"$ROOT"/} not found: run 'gpu/check.sh publish' on a machine with the .NET SDK first" >&2
        exit 2
    fi
    BACK=${OUT:-$OUTDIR/logs}
    LOGS=$WORK/logs
    APP=$WORK/app
    DB=$WORK/sweeps.db
    rm -rf "$WORK" && mkdir -p "$LOGS" "$APP" "$BACK"
    : > "$LOGS/summary.txt"
    tar -xJf "$APP_TAR" -C "$APP"
    export HARNESS_DATA=$ROOT/data/mnist DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    export PATH=$PATH:/usr/local/cuda/bin CUDA_PATH=${CUDA_PATH:-/usr/local/cuda}
    export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$CUDA_PATH/lib64
    export HARNESS_KERNEL_CACHE=$WORK/kernels # every run below (tests, bench, sweeps) loads what doctor compiles
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
    env | grep -E '^HARNESS_CUDA_' | sed 's/^/env: /' | tee -a "$LOGS/summary.txt"

    # doctor is informational (exit 0 without a GPU): the run goes on unless it names no usable device, refuses a
    # HARNESS_CUDA_ setting (2) or hangs; a kernel that does not compile (1) shows in every step's log below.
    step doctor "${LIMIT[doctor]}" "$APP/harness" doctor --kernel-cache "$HARNESS_KERNEL_CACHE"
    local rc=$?
    if grep -q '^device: *no usable CUDA' "$LOGS/doctor.log" || [ "$rc" = 2 ] || [ "$rc" -ge 124 ]; then
        note "doctor: no usable device, a refused setting or a hang (exit $rc; its log says which): nothing else ran"
    else
        warm "${chosen[@]}"
        for s in "${STEPS[@]}"; do
            if has "$s" "${chosen[*]}"; then "run_$s"; fi
        done
        wait
        if [ "$whole" = 1 ] && [ $((SECONDS + LIMIT[peers])) -gt "$PEERS_BY" ]; then
            note "peers skipped: ${SECONDS}s into the run, they need ${LIMIT[peers]}s and the run ends by ${PEERS_BY}s ('run peers' runs them)"
        elif [ "$whole" = 1 ] || has peers "${chosen[*]}"; then
            run_peers
        fi
    fi
    echo
    table | tee "$BACK/table.txt"
    deliver
}

case "${1:-}" in
    publish) publish ;;
    emulate) emulate; exit $? ;;
    run) shift; run "$@" ;;
    steps) steps ;;
    *) echo "usage: gpu/check.sh publish | emulate | run [STEP...] | steps" >&2; exit 2 ;;
esac
