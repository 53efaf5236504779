
# Names of feeds and saved searches where a command takes one (feed remove, feed rename,
# feed tags, saved remove, refresh --feed), asked of dateline itself.
function __dateline_names
    set -l words (commandline -opc) (commandline -ct)
    $words[1] complete-names -- $words 2>/dev/null
end
complete -c dateline -n '__dateline_names >/dev/null' -f -a '(__dateline_names)'
