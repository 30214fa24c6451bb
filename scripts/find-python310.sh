#!/usr/bin/env sh
# Prints the path of a Python 3.10 interpreter for the Rasa engine, or explains what to install.
exec "$(dirname "$0")/find-python.sh" 3.10
