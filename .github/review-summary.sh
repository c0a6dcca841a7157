#!/usr/bin/env bash
# Yêu cầu hợp nhất thay đổi gì — the review summary of a pull request.
#
#   bash BASE_TREE/.github/review-summary.sh REPO BASE_REF HEAD_REF
#
# Runs the base branch's code (the tree beside this script) in Python's isolated mode, with the
# base branch's configuration; the PR is read in REPO as git objects only and built as data.
# Writes to $GITHUB_STEP_SUMMARY when it is set (no write token needed).
set -euo pipefail
repo=$(cd "$1" && pwd)
base_tree=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$base_tree"
exec "${PYTHON:-python3}" -I -c 'import sys; sys.path.insert(0, sys.argv.pop(1)); from phongtrao.cli import main; sys.exit(main(sys.argv[1:]))' \
  "$base_tree/hooks" review --repo "$repo" --base "$2" --head "$3" --config "$base_tree/mkdocs.yml"
