
# Names of feeds and saved searches where a command takes one (feed remove, feed rename,
# feed tags, saved remove, refresh --feed), asked of dateline itself; elsewhere the above.
_dateline() {
    local found
    local -a names
    if found=$(${words[1]} complete-names -- "${(@)words[1,CURRENT]}" 2>/dev/null); then
        names=(${(f)found})
        compadd -a names
        return
    fi
    _dateline_static "$@"
}

if [ "$funcstack[1]" = "_dateline" ]; then
    _dateline "$@"
else
    compdef _dateline dateline
fi
