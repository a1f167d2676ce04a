# Sourced by ./atelier: turns Maven's build log (stdin) into a compact progress display on stderr, keeping the whole
# log in the file named by $1 for when the build fails. One status line, redrawn in place on a terminal; one line per
# module otherwise (CI logs, tests). Maven's own lines are: "Building <name> <version> [i/n]" per module, "--- <plugin>:
# <version>:<goal> ..." per step, "Downloading from ..." per file fetched on first use.
atelier_build_progress() {
  local log="$1" estimate="$2" start now module="" step="" index="" downloads=0 line shown="" tty=0
  [ -t 2 ] && tty=1
  start=$(date +%s)
  : >"$log"
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$log"
    case "$line" in
      *"Building "*" ["*/*"]"*)
        index=${line##*[}; index=${index%%]*}
        module=${line#*Building }; module=${module% \[*}; module=${module%"${module##*[![:space:]]}"}
        module=${module% *}; step="" ;;
      *"--- "*":"*" @ "*)
        step=${line#*--- }; step=${step%%:*}
        case "$step" in
          compiler) step=compiling ;; resources) step="copying resources" ;; jar|source) step=packaging ;;
          dependency) step="copying libraries" ;; surefire|failsafe) continue ;; *) step="running $step" ;;
        esac ;;
      Downloading\ from*|*"] Downloading from"*) downloads=$((downloads + 1)); step="downloading dependencies" ;;
      *) continue ;;
    esac
    now=$(date +%s)
    local what="[${index:-0/?}] ${module:-starting Maven}${step:+: $step}"
    [ "$downloads" -gt 0 ] && what="$what ($downloads files fetched)"
    if [ "$tty" = 1 ]; then
      printf '\r\033[Katelier: building %s, %ds of about %s' "$what" $((now - start)) "$estimate" >&2
    elif [ "$module" != "$shown" ] && [ -n "$module" ]; then
      shown=$module
      printf 'atelier: building [%s] %s (%ds)\n' "$index" "$module" $((now - start)) >&2
    fi
  done
  [ "$tty" = 1 ] && printf '\r\033[K' >&2
  return 0
}
