# tests/lang/lang.mk - the language programs compared with python3.
