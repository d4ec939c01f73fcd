"""Language packs as data: one folder per language (`en`, `zh`), each with `exemplars.yaml`."""
