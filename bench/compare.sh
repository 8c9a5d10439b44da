#!/usr/bin/env bash
# Ember against PyTorch on the same workloads, side by side: for each group of workloads, Ember's JMH benchmarks and
# then the same workloads in bench/torch_bench.py under Debian's torch, so the two numbers of a ratio are measured
# within a minute or two of each other on this shared machine; then one table with ratios (bench/report.py).
#
# usage: bench/compare.sh [--quick] [--rounds N] [--interleave] [--avx2] [GROUP ...]
#   --quick  one warm-up and one measured iteration per benchmark (a smoke run, not numbers to publish)
#   --rounds N  run every group N times, Ember then PyTorch each time; the table gives the median of the N ratios
#            measured side by side and their range, so the machine's drift between rounds shows instead of hiding
#   --interleave  in sgemm, dgemm, book, elementwise and ops, alternate the two sides workload by workload (Ember's size
#            n, then PyTorch's, then the next size) instead of group by group, so the two times of a ratio are taken
#            seconds apart rather than a minute or two: on a shared machine whose speed drifts by tens of percent
#            within minutes, that drift otherwise lands in the ratio
#   --avx2   both sides held to AVX2, the vector width of most laptops, on a machine with AVX-512: Ember's JVMs with
#            -XX:UseAVX=2 (8-lane float vectors), PyTorch with OpenBLAS's Haswell kernels (OPENBLAS_CORETYPE=Haswell)
#   GROUP    sgemm, dgemm, book, elementwise, ops, small, overhead, training (default: all of them, in that order); small
#            also runs Ember's element-wise benchmarks on the scalar reference kernels; training also
#            times the first epoch of a fresh JVM and the MLP's peak memory

# Results land in bench/target/: ember-GROUP-rROUND.json (JMH), torch-GROUP-rROUND.json, first-MODEL.txt and
# rss-MODEL.txt (fresh-JVM first epochs, first round only) and table.md.
set -euo pipefail
cd "$(dirname "$0")/.."

warmups=2 iterations=3 rounds=1 interleave=false avx2=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) warmups=1 iterations=1; shift ;;
    --interleave) interleave=true; shift ;;
    --avx2) avx2=true; shift ;;
    --rounds)
      if ! [[ "${2:-}" =~ ^[1-9][0-9]*$ ]]; then echo "compare.sh: --rounds needs a positive count, got '${2:-}'" >&2; exit 2; fi
      rounds=$2; shift 2 ;;
    *) break ;;
  esac
done
groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then groups=(sgemm dgemm book elementwise ops small overhead training); fi
out=bench/target
mkdir -p "$out"

# group -> the JMH benchmarks (regex and parameters) and the PyTorch workloads (a regex over torch_bench.py's names)
jmh_args() {
  case "$1" in
    sgemm) echo "ember.bench.GemmBench -p dtype=float32" ;;
    dgemm) echo "ember.bench.GemmBench -p dtype=float64" ;;
    book) echo "ember.bench.BookGemmBench" ;;
    elementwise) echo "ember.bench.ElementwiseBench" ;;
    ops) echo "ember.bench.OpsBench" ;;
    small) echo "ember.bench.SmallElementwiseBench" ;;
    overhead) echo "ember.bench.OverheadBench" ;;
    training) echo "ember.bench.TrainingBench" ;;
    *) echo "compare.sh: unknown group '$1' (sgemm, dgemm, book, elementwise, ops, small, overhead, training)" >&2; exit 2 ;;
  esac
}
torch_regex() {
  case "$1" in
    sgemm) echo '^mm float32 [0-9]' ;;
    dgemm) echo '^mm float64 ' ;;
    book) echo '^mm float32 [a-z]' ;;
    elementwise) echo ' 1e6( out)?$' ;;
    ops) echo '^ops\.' ;;
    small) echo '^(add|mul|exp|sum) [0-9]+$' ;;
    overhead) echo '^(add4|seed step)$' ;;
    training) echo '^epoch ' ;;
  esac
}
for g in "${groups[@]}"; do jmh_args "$g" >/dev/null; done

# The workloads of a group that --interleave alternates, one per line: JMH's arguments, a tab, the PyTorch name as a
# regex. Taken from JMH's own listing of the group's benchmarks and parameters, so no list of sizes is repeated here.
workloads() {
  local listing
  listing=$("$java" -cp "$cp" org.openjdk.jmh.Main -lp "$(jmh_args "$1" | cut -d' ' -f1)")
  # JMH lists a class's parameters once per benchmark method (mm and mmOut): every listing has them all
  param_values() { sed -n "s/^ *param \"$1\" = {\(.*\)}/\1/p" <<<"$listing" | head -1 | tr -d ' ' | tr ',' ' '; }
  case "$1" in
    sgemm | dgemm)
      local dtype=float32
      [ "$1" = dgemm ] && dtype=float64
      for n in $(param_values n); do printf '%s\t%s\n' "ember.bench.GemmBench -p dtype=$dtype -p n=$n" "^mm $dtype $n( out)?\$"; done ;;
    book)
      for s in $(param_values shape); do printf '%s\t%s\n' "ember.bench.BookGemmBench -p shape=$s" "^mm float32 ${s//./\\.}( out)?\$"; done ;;
    elementwise)
      for b in $(grep '^ember\.bench\.ElementwiseBench\.' <<<"$listing"); do
        m=${b##*.}
        if [[ $m == *Out ]]; then name="^${m%Out} 1e6 out\$"; else name="^$m 1e6\$"; fi
        printf '%s\t%s\n' "^${b//./\\.}\$" "$name"
      done ;;
    ops)
      for b in $(grep '^ember\.bench\.OpsBench\.' <<<"$listing"); do
        printf '%s\t%s\n' "^${b//./\\.}\$" "^ops\\.${b##*.}\$"
      done ;;
  esac
}

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

# Debian's torch calls whatever libblas.so.3 the system selects (the reference BLAS by default): point it at
# OpenBLAS (apt-get install libopenblas0-pthread). OpenBLAS 0.3.21 does not recognise recent Xeons and falls back
# to its generic Prescott kernels, and runs Zen 5 with its AVX2 (Haswell) kernels; on any CPU with AVX-512 its
# SkylakeX kernels are the fastest it has (on a Zen 5: 330 GFLOP/s at n = 2048 against Haswell's 180), so the peer
# gets them even where the environment presets another OPENBLAS_CORETYPE; BENCH_OPENBLAS_CORETYPE chooses otherwise.
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -e "$openblas/libblas.so.3" ]; then
  export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if [ -n "${BENCH_OPENBLAS_CORETYPE:-}" ]; then
    export OPENBLAS_CORETYPE=$BENCH_OPENBLAS_CORETYPE
  elif $avx2; then
    export OPENBLAS_CORETYPE=Haswell
  elif grep -q -m1 avx512f /proc/cpuinfo; then
    if [ -n "${OPENBLAS_CORETYPE:-}" ] && [ "$OPENBLAS_CORETYPE" != SkylakeX ]; then
      echo "note: OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE from the environment replaced by SkylakeX, OpenBLAS's fastest" \
        "kernels on a CPU with AVX-512 (BENCH_OPENBLAS_CORETYPE=... to choose)" >&2
    fi
    export OPENBLAS_CORETYPE=SkylakeX
  fi
else
  echo "warning: OpenBLAS is not installed; PyTorch's matrix products will use the reference BLAS" \
    "(apt-get install libopenblas0-pthread)" >&2
fi

# the ember command's TLABs keep outputs of up to 1 MB off the zero-filling path (see ./ember), as do the JMH forks
tlab="-XX:MinTLABSize=2m -XX:TLABRefillWasteFraction=2"
# --avx2: every Ember JVM (JMH's forks, the fresh-JVM epochs) held to AVX2
width=()
$avx2 && width=(-XX:UseAVX=2)
# the ember command asks for transparent huge pages where the kernel gives them on request (see ./ember); every Ember
# JVM here does the same
huge_pages=
if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  huge_pages=-XX:+UseTransparentHugePages
fi
# JMH's forks take these through -jvmArgsPrepend, since a -jvmArgsAppend here would replace the @Fork annotations' own
# (the Vector API module among them)
prepend=("${width[@]}")
[ -n "$huge_pages" ] && prepend+=("$huge_pages")
fork_flags=()
[ ${#prepend[@]} -gt 0 ] && fork_flags=(-jvmArgsPrepend "${prepend[*]}")

rm -f "$out"/ember-*.json "$out"/torch-*.json "$out"/first-*.txt "$out"/rss-*.txt
# report.py pairs the k-th Ember result of a workload with its k-th PyTorch result: both come from round k
report_args=()
for r in $(seq "$rounds"); do
  for g in "${groups[@]}"; do
    list=""
    $interleave && list=$(workloads "$g")
    if [ -n "$list" ]; then
      w=0
      while IFS=$'\t' read -r ember_args torch_name; do
        w=$((w + 1))
        read -r -a jmh <<<"$ember_args"
        echo "== $g, workload $w ($torch_name): Ember, then PyTorch (round $r of $rounds)" >&2
        "$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -wi "$warmups" -i "$iterations" -w 1s -r 1s \
          -rf json -rff "$out/ember-$g-r$r-w$w.json" "${fork_flags[@]}" "${jmh[@]}"
        /usr/bin/python3 bench/torch_bench.py --out "$out/torch-$g-r$r-w$w.json" --only "$torch_name"
        report_args+=(--ember "$out/ember-$g-r$r-w$w.json" --torch "$out/torch-$g-r$r-w$w.json")
      done <<<"$list"
      continue
    fi
    echo "== $g: Ember (round $r of $rounds)" >&2
    read -r -a jmh <<<"$(jmh_args "$g")"
    if [ "$g" = "training" ]; then # the epochs' own warm-up and measurement counts (TrainingBench's annotations)
      "$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -rf json -rff "$out/ember-$g-r$r.json" "${fork_flags[@]}" "${jmh[@]}"
      if [ "$r" = 1 ]; then
        echo "== $g: Ember, the first epoch in a fresh JVM (the ember command's flags) and its peak RSS with -Xmx1g" >&2
        for model in softmax mlp; do
          /usr/bin/time -f "%M" -o "$out/rss-$model.txt" "$java" -XX:+UseParallelGC -Xmx1g $tlab $huge_pages "${width[@]}" \
            --add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
            -cp "$cp" ember.bench.TrainMain "$model" 1 | tee "$out/first-$model.txt"
          report_args+=(--first "$out/first-$model.txt")
        done
        report_args+=(--rss "$out/rss-mlp.txt")
      fi
    else
      "$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -wi "$warmups" -i "$iterations" -w 1s -r 1s \
        -rf json -rff "$out/ember-$g-r$r.json" "${fork_flags[@]}" "${jmh[@]}"
    fi
    report_args+=(--ember "$out/ember-$g-r$r.json")
    echo "== $g: PyTorch (round $r of $rounds)" >&2
    /usr/bin/python3 bench/torch_bench.py --out "$out/torch-$g-r$r.json" --only "$(torch_regex "$g")"
    report_args+=(--torch "$out/torch-$g-r$r.json")
  done
done

$interleave && report_args+=(--interleaved)
/usr/bin/python3 bench/report.py "${report_args[@]}" | tee "$out/table.md"
if $avx2; then
  echo "Ember's JVMs ran with -XX:UseAVX=2 (--avx2): 8-lane float32 vectors, as on most laptops" | tee -a "$out/table.md"
fi
