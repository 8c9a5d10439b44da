#!/bin/sh
# The soak: 100,000 training steps (or $1) of a small MLP, printing the retained heap after a full GC at 20 points
# and how many step graphs are still reachable at the end (ember.reliability.Soak, in ember-core's test sources).
# A small heap (-Xmx256m) makes a leak show early. Usage: tools/soak.sh [steps]
set -eu
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -o test-compile -pl ember-core
exec "$JAVA" --add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx256m \
    -cp ember-core/target/classes:ember-core/target/test-classes ember.reliability.Soak "${1:-100000}"
