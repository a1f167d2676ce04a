# Sourced by ./atelier, ./mvnw and .ci/run: points JAVA_HOME at a JDK 25 or explains what to install.
# Order: $JAVA_HOME if it is a JDK 25, else the first /usr/lib/jvm/*25* that has javac.
atelier_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
atelier_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(atelier_java_major "$JAVA_HOME")" = "25" ]; then
    return 0
  fi
  local restore_noglob=; case $- in *f*) restore_noglob=1; set +f;; esac   # mvnw runs with 'set -f'
  for candidate in /usr/lib/jvm/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    if [ -x "$candidate/bin/javac" ] && [ "$(atelier_java_major "$candidate")" = "25" ]; then
      export JAVA_HOME="$candidate"
      [ -n "$restore_noglob" ] && set -f
      return 0
    fi
  done
  [ -n "$restore_noglob" ] && set -f
  echo "Atelier needs a JDK 25 and found none." >&2
  echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not a JDK 25, and no /usr/lib/jvm/*25* has javac." >&2
  echo "  Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or from https://adoptium.net," >&2
  echo "  then set JAVA_HOME to it." >&2
  return 1
}
