#!/usr/bin/env bash
# Ember against PyTorch on the same workloads, in one go: Ember's JMH benchmarks, the peak memory of the MLP
# training, then bench/torch_bench.py under Debian's torch, and one table with ratios (bench/report.py).
#
# usage: bench/compare.sh [--quick] [JMH_REGEX [TORCH_TEXT]]
#   --quick     one warm-up and one measured iteration per benchmark (a smoke run, not numbers to publish)
#   JMH_REGEX   Ember benchmarks to run (default: all), e.g. 'OverheadBench'; 'TrainingBench' runs only the epochs
#   TORCH_TEXT  PyTorch workloads to run: those whose name contains it (default: all), e.g. 'seed step'

# Results land in bench/target/: ember-ops.json and ember-training.json (JMH), first-*.txt and rss-*.txt (fresh-JVM
# first epochs), torch.json and table.md.
set -euo pipefail
cd "$(dirname "$0")/.."

warmups=2 iterations=3
if [ "${1:-}" = "--quick" ]; then warmups=1 iterations=1; shift; fi
filter="${1:-ember.bench.*}"
out=bench/target
mkdir -p "$out"

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
current="${current:-$(command -v java || true)}"
if [ -z "$current" ] || [ "$(java_major "$current")" -lt 25 ] 2>/dev/null; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$d/bin/java" ] && [ "$(java_major "$d/bin/java")" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$d"; break; fi
  done
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "== building" >&2
./mvnw -q -B -DskipTests package -pl bench -am
# the Ember classes come from this checkout's target directories, never from a shared ~/.m2 snapshot
./mvnw -q -B -pl bench dependency:build-classpath -DincludeScope=runtime -DexcludeGroupIds=dev.ember \
  -Dmdep.outputFile="$PWD/$out/deps.txt" >/dev/null
cp="ember-core/target/classes:ember-book/target/classes:bench/target/classes:$(cat "$out/deps.txt")"

echo "== Ember (JMH -f 1 -wi $warmups -i $iterations; training epochs: 3 warm-up and 5 measured epochs)" >&2
rm -f "$out"/ember-*.json
if [ "$filter" != "TrainingBench" ]; then
  "$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -wi "$warmups" -i "$iterations" -w 1s -r 1s -e TrainingBench \
    -rf json -rff "$out/ember-ops.json" "$filter"
fi
if [ "$filter" = "ember.bench.*" ] || [ "$filter" = "TrainingBench" ]; then
  "$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -rf json -rff "$out/ember-training.json" TrainingBench
fi

first=()
if [ "$filter" = "ember.bench.*" ] || [ "$filter" = "TrainingBench" ]; then
  echo "== Ember: the first epoch in a fresh JVM (the ember command's flags), and the peak RSS of the MLP with -Xmx1g" >&2
  for model in softmax mlp; do
    /usr/bin/time -f "%M" -o "$out/rss-$model.txt" "$java" -XX:+UseParallelGC -Xmx1g --add-modules jdk.incubator.vector \
      -cp "$cp" ember.bench.TrainMain "$model" 1 | tee "$out/first-$model.txt"
    first+=(--first "$out/first-$model.txt")
  done
fi

echo "== PyTorch" >&2
# Debian's torch calls whatever libblas.so.3 the system selects (the reference BLAS by default): point it at
# OpenBLAS (apt-get install libopenblas0-pthread). OpenBLAS 0.3.21 does not recognise recent Xeons and falls back
# to its generic Prescott kernels; on a CPU with AVX-512 its SkylakeX kernels are the right ones.
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -e "$openblas/libblas.so.3" ]; then
  export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q -m1 avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX; fi
else
  echo "warning: OpenBLAS is not installed; PyTorch's matmul will use the reference BLAS" \
    "(apt-get install libopenblas0-pthread)" >&2
fi
torch_only=()
if [ -n "${2:-}" ]; then torch_only=(--only "$2"); fi
/usr/bin/python3 bench/torch_bench.py --out "$out/torch.json" "${torch_only[@]}"

ember_results=()
for f in "$out"/ember-*.json; do [ -s "$f" ] && ember_results+=(--ember "$f"); done
train_args=()
if [ ${#first[@]} -gt 0 ]; then train_args=("${first[@]}" --rss "$out/rss-mlp.txt"); fi
/usr/bin/python3 bench/report.py "${ember_results[@]}" --torch "$out/torch.json" "${train_args[@]}" | tee "$out/table.md"
