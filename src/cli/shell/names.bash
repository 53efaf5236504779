
# Names of feeds and saved searches where a command takes one (feed remove, feed rename,
# feed tags, saved remove, refresh --feed), asked of dateline itself; elsewhere the above.
_dateline_names() {
    local cur="${COMP_WORDS[COMP_CWORD]}" found name
    if found=$("${COMP_WORDS[0]}" complete-names -- "${COMP_WORDS[@]:0:COMP_CWORD}" "$cur" 2>/dev/null); then
        compopt +o default +o bashdefault 2>/dev/null
        COMPREPLY=()
        while IFS= read -r name; do
            [[ -n $name ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done <<< "$found"
        return 0
    fi
    _dateline "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _dateline_names -o nosort -o bashdefault -o default dateline
else
    complete -F _dateline_names -o bashdefault -o default dateline
fi
