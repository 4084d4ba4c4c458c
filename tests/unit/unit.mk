# tests/unit/unit.mk - Check suites (each helper adds its own lines).
