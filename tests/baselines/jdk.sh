# Sourced by the comparison scripts: points JAVA_HOME and PATH at a JDK 25 or newer (JAVA_HOME if it is
# one, else the first in /usr/lib/jvm), or exits. $1 names the calling script in the message.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*25*; do
    if [[ -x "$candidate/bin/java" ]]; then JAVA_HOME="$candidate"; break; fi
  done
  [[ -n "$JAVA_HOME" ]] || { echo "$1: needs JDK 25 or newer (set JAVA_HOME)" >&2; exit 1; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
