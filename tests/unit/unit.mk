# tests/unit/unit.mk - Check suites (each helper adds its own lines).

# The set-up the suites share; listed in each suite's sources so that
# `make dist` ships them.
unit_headers = tests/unit/check_interp.h tests/unit/check_main.h

check_PROGRAMS += tests/unit/test_gc
tests_unit_test_gc_SOURCES = tests/unit/test_gc.c $(unit_headers)
tests_unit_test_gc_CFLAGS = $(unit_cflags)
tests_unit_test_gc_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_num
tests_unit_test_num_SOURCES = tests/unit/test_num.c $(unit_headers)
tests_unit_test_num_CFLAGS = $(unit_cflags)
tests_unit_test_num_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_str
tests_unit_test_str_SOURCES = tests/unit/test_str.c $(unit_headers)
tests_unit_test_str_CFLAGS = $(unit_cflags)
tests_unit_test_str_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_format
tests_unit_test_format_SOURCES = tests/unit/test_format.c $(unit_headers)
tests_unit_test_format_CFLAGS = $(unit_cflags)
tests_unit_test_format_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_lexer
tests_unit_test_lexer_SOURCES = tests/unit/test_lexer.c $(unit_headers)
tests_unit_test_lexer_CFLAGS = $(unit_cflags)
tests_unit_test_lexer_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_parser
tests_unit_test_parser_SOURCES = tests/unit/test_parser.c $(unit_headers)
tests_unit_test_parser_CFLAGS = $(unit_cflags)
tests_unit_test_parser_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_dict
tests_unit_test_dict_SOURCES = tests/unit/test_dict.c $(unit_headers)
tests_unit_test_dict_CFLAGS = $(unit_cflags)
tests_unit_test_dict_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_containers
tests_unit_test_containers_SOURCES = tests/unit/test_containers.c $(unit_headers)
tests_unit_test_containers_CFLAGS = $(unit_cflags)
tests_unit_test_containers_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_ops
tests_unit_test_ops_SOURCES = tests/unit/test_ops.c $(unit_headers)
tests_unit_test_ops_CFLAGS = $(unit_cflags)
tests_unit_test_ops_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_builtins
tests_unit_test_builtins_SOURCES = tests/unit/test_builtins.c $(unit_headers)
tests_unit_test_builtins_CFLAGS = $(unit_cflags)
tests_unit_test_builtins_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_compiler
tests_unit_test_compiler_SOURCES = tests/unit/test_compiler.c $(unit_headers)
tests_unit_test_compiler_CFLAGS = $(unit_cflags)
tests_unit_test_compiler_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_events
tests_unit_test_events_SOURCES = tests/unit/test_events.c src/events.c \
	src/events.h src/console.c src/console.h src/term.c src/term.h \
	src/strbuf.c src/strbuf.h \
	tests/unit/check_main.h
tests_unit_test_events_CFLAGS = $(unit_cflags)
tests_unit_test_events_LDADD = $(CHECK_LIBS) $(LIBS)

check_PROGRAMS += tests/unit/test_gil
tests_unit_test_gil_SOURCES = tests/unit/test_gil.c $(unit_headers)
tests_unit_test_gil_CFLAGS = $(unit_cflags)
tests_unit_test_gil_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_timeline
tests_unit_test_timeline_SOURCES = tests/unit/test_timeline.c $(unit_headers)
tests_unit_test_timeline_CFLAGS = $(unit_cflags)
tests_unit_test_timeline_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_complete
tests_unit_test_complete_SOURCES = tests/unit/test_complete.c $(unit_headers)
tests_unit_test_complete_CFLAGS = $(unit_cflags)
tests_unit_test_complete_LDADD = $(unit_ldadd)

check_PROGRAMS += tests/unit/test_serial
tests_unit_test_serial_SOURCES = tests/unit/test_serial.c $(unit_headers)
tests_unit_test_serial_CFLAGS = $(unit_cflags)
tests_unit_test_serial_LDADD = $(unit_ldadd)
