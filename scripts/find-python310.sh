#!/usr/bin/env sh
# Prints the path of a Python 3.10 interpreter, or explains what to install.
set -u
candidates=""
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for dir in "$root"/versions/3.10*; do
    [ -x "$dir/bin/python3.10" ] && candidates="$candidates $dir/bin/python3.10"
  done
fi
candidates="$candidates python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10"
for py in $candidates; do
  if "$py" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    command -v "$py"
    exit 0
  fi
done
cat >&2 <<'MSG'
Rumbo needs Python 3.10 (Rasa 3.6 runs on 3.8-3.10 only) and none was found.
Install it with one of:
  pyenv install 3.10        (https://github.com/pyenv/pyenv)
  apt-get install python3.10 python3.10-venv
then run the command again.
MSG
exit 1
