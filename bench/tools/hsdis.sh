#!/usr/bin/env bash
# Prints the machine code C2 compiled for a method while a program runs (docs/performance.md, "Reading the kernels'
# machine code").
#   bench/tools/hsdis.sh 'ember.kernels.Gemm::skernel3' -cp CLASSPATH MAIN [ARGS...]
# Needs gcc and Debian's libhsdis0-fcml (apt-get install gcc libhsdis0-fcml); builds the plugin into bench/target.
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n 2,5p "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../target/hsdis"
mkdir -p "$out"
if [[ ! -f "$out/hsdis-amd64.so" || "$here/hsdis-shim.c" -nt "$out/hsdis-amd64.so" ]]; then
  gcc -shared -fPIC -O2 -o "$out/hsdis-amd64.so" "$here/hsdis-shim.c" -ldl
fi
method=$1; shift
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# HotSpot looks for hsdis-amd64.so on the library path after the JDK's own directories
LD_LIBRARY_PATH="$out${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$java" -XX:+UnlockDiagnosticVMOptions \
  "-XX:CompileCommand=print,$method" --add-modules jdk.incubator.vector \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED "$@"
