#!/usr/bin/env sh
# Prints the path of the first Python interpreter found among the versions given, in order
# (pyenv's versions first, then PATH), or explains what to install and exits 1.
#   scripts/find-python.sh 3.13 3.12   the project environment (.venv)
#   scripts/find-python.sh 3.10        the Rasa engine (.venv-rasa)
set -u
if [ "$#" -eq 0 ]; then
  echo "usage: $0 VERSION [VERSION...]   e.g. $0 3.13 3.12" >&2
  exit 2
fi
root=""
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
fi
[ -n "$root" ] || root="${PYENV_ROOT:-$HOME/.pyenv}"
for version in "$@"; do
  candidates=""
  for dir in "$root"/versions/"$version"*; do
    [ -x "$dir/bin/python$version" ] && candidates="$candidates $dir/bin/python$version"
  done
  candidates="$candidates python$version /usr/bin/python$version /usr/local/bin/python$version"
  for py in $candidates; do
    # A pyenv shim exists for every version pyenv knows of, but fails when none is active;
    # asking the interpreter itself for its real path skips such shims.
    found=$("$py" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$version'; print(sys.executable)" 2>/dev/null) || continue
    [ -n "$found" ] && { echo "$found"; exit 0; }
  done
done
wanted=$(echo "$*" | sed 's/ / or /g')
first=$1
case "$first" in
  3.10) why="the Rasa engine (.venv-rasa) needs it: Rasa 3.6 runs on Python 3.8-3.10 only" ;;
  *) why="the project environment (.venv) needs it: pyproject.toml's requires-python" ;;
esac
cat >&2 <<MSG
Rumbo needs Python $wanted and none was found ($why).
Install it with one of:
  pyenv install $first        (https://github.com/pyenv/pyenv)
  apt-get install python$first python$first-venv
  uv python install $first
then run the command again.
MSG
exit 1
