#!/usr/bin/env bash
# Quyền sửa tệp của một yêu cầu hợp nhất — the pull-request ownership gate.
#
#   bash BASE_TREE/.github/ownership-gate.sh REPO BASE_REF HEAD_REF AUTHOR
#
# Runs the base branch's checker (the copy beside this script, never the PR's) in Python's
# isolated mode (-I: neither the working folder, nor the script's folder, nor PYTHON* variables
# on the import path), from the base tree. REPO is a git repository holding both refs; the PR is
# read there as git objects only (git diff, git show), never checked out or imported.
# PYTHON may name the interpreter (default python3); PyYAML must be installed in it beforehand.
set -euo pipefail
repo=$(cd "$1" && pwd)
base_tree=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$base_tree"
exec "${PYTHON:-python3}" -I "$base_tree/hooks/phongtrao/ownership.py" \
  --repo "$repo" --base "$2" --head "$3" --author "$4"
