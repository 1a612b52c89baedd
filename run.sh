#!/bin/sh
# filmbook's one entry point for users and CI: sets everything up, then runs a job.
#   ./run.sh build   install what is missing, then build dist/ from source/, and the sample
#                    festival catalogue (source/catalogue/catalogue.toml) into dist/catalogue.*
#   ./run.sh test    install what is missing, then run the linters and the whole test suite
#   ./run.sh golden  regenerate tests/golden/ and tests/data/format/*.json after a deliberate change
#   ./run.sh bench   run the benchmarks (benchmarks/README.md)
# Extra arguments go to the job (for example `./run.sh test --slow`).
set -eu
cd "$(dirname "$0")"
job=${1:-build}
[ $# -gt 0 ] && shift
venv=.venv
stamp=$venv/.filmbook-installed

setup() {
    sh scripts/setup-system.sh
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -e '.[test,cluster]'
        touch "$stamp"
    fi
}

case $job in
    build)
        setup
        "$venv/bin/filmbook" build "$@"
        if [ -f source/catalogue/catalogue.toml ]; then
            "$venv/bin/filmbook" book source/catalogue/catalogue.toml -o dist
        fi
        ;;
    test)
        setup
        sh scripts/setup-clients.sh
        "$venv/bin/ruff" check src tests benchmarks scripts
        "$venv/bin/ruff" format --check src tests benchmarks scripts
        "$venv/bin/mypy"
        "$venv/bin/pytest" -n 2 --dist loadgroup "$@"
        ;;
    golden)
        setup
        "$venv/bin/python" tests/regenerate_golden.py
        ;;
    bench)
        setup
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -e '.[test,cluster,bench]'
        "$venv/bin/python" benchmarks/run.py "$@"
        ;;
    *)
        echo "usage: ./run.sh build|test|golden|bench [ARGS...]" >&2
        exit 2
        ;;
esac
