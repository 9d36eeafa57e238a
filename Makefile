# Shortcuts for people who have make; the scripts in scripts/ need nothing but python3.
.PHONY: install run test lint docs dagster benchmark

install:
	python3 -m uv sync --frozen

run:
	python3 -m uv run --frozen budgetwh refresh

test:
	./scripts/test

lint:
	python3 -m uv run --frozen ruff check pipelines tests benchmarks
	python3 -m uv run --frozen dbt parse --project-dir dbt_project --profiles-dir dbt_project --quiet

docs:
	python3 -m uv run --frozen budgetwh docs --out site --serve

dagster:
	python3 -m uv run --frozen dagster dev -m pipelines.definitions

benchmark:
	python3 -m uv run --frozen python benchmarks/run.py
