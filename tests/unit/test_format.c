/* test_format.c - format(): the mini-language for int, float and str
 * against a table produced by CPython 3.11, %-formatting and str.format. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "exc.h"
#include "format.h"
#include "gc.h"
#include "num.h"
#include "str.h"
#include "tuple.h"

/* The tests' shorthand for a rooted str. */
#define S(text) check_interp_str(text)

enum { K_INT, K_FLOAT, K_STR };

static const struct {
    int kind;
    const char *value, *spec, *expected;
} rows[] = {
    /* Generated with python3.11: format(value, spec). */
    {K_INT, "0", "", "0"},
    {K_INT, "0", "d", "0"},
    {K_INT, "0", "5", "    0"},
    {K_INT, "0", "<5", "0    "},
    {K_INT, "0", "^7", "   0   "},
    {K_INT, "0", "=+8", "+      0"},
    {K_INT, "0", "08", "00000000"},
    {K_INT, "0", "+", "+0"},
    {K_INT, "0", " ", " 0"},
    {K_INT, "0", ",", "0"},
    {K_INT, "0", "_", "0"},
    {K_INT, "0", "010,", "00,000,000"},
    {K_INT, "0", "x", "0"},
    {K_INT, "0", "#X", "0X0"},
    {K_INT, "0", "#o", "0o0"},
    {K_INT, "0", "#010b", "0b00000000"},
    {K_INT, "0", "_x", "0"},
    {K_INT, "0", "c", "\x00"""},
    {K_INT, "0", ".2f", "0.00"},
    {K_INT, "0", "%", "0.000000%"},
    {K_INT, "0", "e", "0.000000e+00"},
    {K_INT, "0", "*^9", "****0****"},
    {K_INT, "5", "", "5"},
    {K_INT, "5", "d", "5"},
    {K_INT, "5", "5", "    5"},
    {K_INT, "5", "<5", "5    "},
    {K_INT, "5", "^7", "   5   "},
    {K_INT, "5", "=+8", "+      5"},
    {K_INT, "5", "08", "00000005"},
    {K_INT, "5", "+", "+5"},
    {K_INT, "5", " ", " 5"},
    {K_INT, "5", ",", "5"},
    {K_INT, "5", "_", "5"},
    {K_INT, "5", "010,", "00,000,005"},
    {K_INT, "5", "x", "5"},
    {K_INT, "5", "#X", "0X5"},
    {K_INT, "5", "#o", "0o5"},
    {K_INT, "5", "#010b", "0b00000101"},
    {K_INT, "5", "_x", "5"},
    {K_INT, "5", "c", "\x05"""},
    {K_INT, "5", ".2f", "5.00"},
    {K_INT, "5", "%", "500.000000%"},
    {K_INT, "5", "e", "5.000000e+00"},
    {K_INT, "5", "*^9", "****5****"},
    {K_INT, "-5", "", "-5"},
    {K_INT, "-5", "d", "-5"},
    {K_INT, "-5", "5", "   -5"},
    {K_INT, "-5", "<5", "-5   "},
    {K_INT, "-5", "^7", "  -5   "},
    {K_INT, "-5", "=+8", "-      5"},
    {K_INT, "-5", "08", "-0000005"},
    {K_INT, "-5", "+", "-5"},
    {K_INT, "-5", " ", "-5"},
    {K_INT, "-5", ",", "-5"},
    {K_INT, "-5", "_", "-5"},
    {K_INT, "-5", "010,", "-0,000,005"},
    {K_INT, "-5", "x", "-5"},
    {K_INT, "-5", "#X", "-0X5"},
    {K_INT, "-5", "#o", "-0o5"},
    {K_INT, "-5", "#010b", "-0b0000101"},
    {K_INT, "-5", "_x", "-5"},
    {K_INT, "-5", "n", "-5"},
    {K_INT, "-5", ".2f", "-5.00"},
    {K_INT, "-5", "%", "-500.000000%"},
    {K_INT, "-5", "e", "-5.000000e+00"},
    {K_INT, "-5", "*^9", "***-5****"},
    {K_INT, "1234", "", "1234"},
    {K_INT, "1234", "d", "1234"},
    {K_INT, "1234", "5", " 1234"},
    {K_INT, "1234", "<5", "1234 "},
    {K_INT, "1234", "^7", " 1234  "},
    {K_INT, "1234", "=+8", "+   1234"},
    {K_INT, "1234", "08", "00001234"},
    {K_INT, "1234", "+", "+1234"},
    {K_INT, "1234", " ", " 1234"},
    {K_INT, "1234", ",", "1,234"},
    {K_INT, "1234", "_", "1_234"},
    {K_INT, "1234", "010,", "00,001,234"},
    {K_INT, "1234", "x", "4d2"},
    {K_INT, "1234", "#X", "0X4D2"},
    {K_INT, "1234", "#o", "0o2322"},
    {K_INT, "1234", "#010b", "0b10011010010"},
    {K_INT, "1234", "_x", "4d2"},
    {K_INT, "1234", "c", "\xd3""\x92"""},
    {K_INT, "1234", ".2f", "1234.00"},
    {K_INT, "1234", "%", "123400.000000%"},
    {K_INT, "1234", "e", "1.234000e+03"},
    {K_INT, "1234", "*^9", "**1234***"},
    {K_INT, "-1234567", "", "-1234567"},
    {K_INT, "-1234567", "d", "-1234567"},
    {K_INT, "-1234567", "5", "-1234567"},
    {K_INT, "-1234567", "<5", "-1234567"},
    {K_INT, "-1234567", "^7", "-1234567"},
    {K_INT, "-1234567", "=+8", "-1234567"},
    {K_INT, "-1234567", "08", "-1234567"},
    {K_INT, "-1234567", "+", "-1234567"},
    {K_INT, "-1234567", " ", "-1234567"},
    {K_INT, "-1234567", ",", "-1,234,567"},
    {K_INT, "-1234567", "_", "-1_234_567"},
    {K_INT, "-1234567", "010,", "-1,234,567"},
    {K_INT, "-1234567", "x", "-12d687"},
    {K_INT, "-1234567", "#X", "-0X12D687"},
    {K_INT, "-1234567", "#o", "-0o4553207"},
    {K_INT, "-1234567", "#010b", "-0b100101101011010000111"},
    {K_INT, "-1234567", "_x", "-12_d687"},
    {K_INT, "-1234567", "n", "-1234567"},
    {K_INT, "-1234567", ".2f", "-1234567.00"},
    {K_INT, "-1234567", "%", "-123456700.000000%"},
    {K_INT, "-1234567", "e", "-1.234567e+06"},
    {K_INT, "-1234567", "*^9", "-1234567*"},
    {K_INT, "255", "", "255"},
    {K_INT, "255", "d", "255"},
    {K_INT, "255", "5", "  255"},
    {K_INT, "255", "<5", "255  "},
    {K_INT, "255", "^7", "  255  "},
    {K_INT, "255", "=+8", "+    255"},
    {K_INT, "255", "08", "00000255"},
    {K_INT, "255", "+", "+255"},
    {K_INT, "255", " ", " 255"},
    {K_INT, "255", ",", "255"},
    {K_INT, "255", "_", "255"},
    {K_INT, "255", "010,", "00,000,255"},
    {K_INT, "255", "x", "ff"},
    {K_INT, "255", "#X", "0XFF"},
    {K_INT, "255", "#o", "0o377"},
    {K_INT, "255", "#010b", "0b11111111"},
    {K_INT, "255", "_x", "ff"},
    {K_INT, "255", "c", "\xc3""\xbf"""},
    {K_INT, "255", ".2f", "255.00"},
    {K_INT, "255", "%", "25500.000000%"},
    {K_INT, "255", "e", "2.550000e+02"},
    {K_INT, "255", "*^9", "***255***"},
    {K_INT, "1180591620717411303424", "", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "d", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "5", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "<5", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "^7", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "=+8", "+1180591620717411303424"},
    {K_INT, "1180591620717411303424", "08", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", "+", "+1180591620717411303424"},
    {K_INT, "1180591620717411303424", " ", " 1180591620717411303424"},
    {K_INT, "1180591620717411303424", ",", "1,180,591,620,717,411,303,424"},
    {K_INT, "1180591620717411303424", "_", "1_180_591_620_717_411_303_424"},
    {K_INT, "1180591620717411303424", "010,", "1,180,591,620,717,411,303,424"},
    {K_INT, "1180591620717411303424", "x", "400000000000000000"},
    {K_INT, "1180591620717411303424", "#X", "0X400000000000000000"},
    {K_INT, "1180591620717411303424", "#o", "0o200000000000000000000000"},
    {K_INT, "1180591620717411303424", "#010b", "0b10000000000000000000000000000000000000000000000000000000000000000000000"},
    {K_INT, "1180591620717411303424", "_x", "40_0000_0000_0000_0000"},
    {K_INT, "1180591620717411303424", "n", "1180591620717411303424"},
    {K_INT, "1180591620717411303424", ".2f", "1180591620717411303424.00"},
    {K_INT, "1180591620717411303424", "%", "118059162071741130342400.000000%"},
    {K_INT, "1180591620717411303424", "e", "1.180592e+21"},
    {K_INT, "1180591620717411303424", "*^9", "1180591620717411303424"},
    {K_FLOAT, "0.0", "", "0.0"},
    {K_FLOAT, "0.0", ".2", "0.0"},
    {K_FLOAT, "0.0", ".3", "0.0"},
    {K_FLOAT, "0.0", ".0", "0e+00"},
    {K_FLOAT, "0.0", "f", "0.000000"},
    {K_FLOAT, "0.0", ".2f", "0.00"},
    {K_FLOAT, "0.0", "#.0f", "0."},
    {K_FLOAT, "0.0", "e", "0.000000e+00"},
    {K_FLOAT, "0.0", ".3e", "0.000e+00"},
    {K_FLOAT, "0.0", "E", "0.000000E+00"},
    {K_FLOAT, "0.0", "g", "0"},
    {K_FLOAT, "0.0", ".3g", "0"},
    {K_FLOAT, "0.0", "G", "0"},
    {K_FLOAT, "0.0", "#g", "0.00000"},
    {K_FLOAT, "0.0", "%", "0.000000%"},
    {K_FLOAT, "0.0", ".1%", "0.0%"},
    {K_FLOAT, "0.0", "10.2f", "      0.00"},
    {K_FLOAT, "0.0", "<10.2f", "0.00      "},
    {K_FLOAT, "0.0", "^10", "   0.0    "},
    {K_FLOAT, "0.0", "+", "+0.0"},
    {K_FLOAT, "0.0", "010.2f", "0000000.00"},
    {K_FLOAT, "0.0", ",.2f", "0.00"},
    {K_FLOAT, "0.0", "010,.1f", "0,000,000.0"},
    {K_FLOAT, "0.0", "*^+12.3f", "***+0.000***"},
    {K_FLOAT, "0.0", "z.1f", "0.0"},
    {K_FLOAT, "0.0", "F", "0.000000"},
    {K_FLOAT, "0.0", "#", "0.0"},
    {K_FLOAT, "-0.0", "", "-0.0"},
    {K_FLOAT, "-0.0", ".2", "-0.0"},
    {K_FLOAT, "-0.0", ".3", "-0.0"},
    {K_FLOAT, "-0.0", ".0", "-0e+00"},
    {K_FLOAT, "-0.0", "f", "-0.000000"},
    {K_FLOAT, "-0.0", ".2f", "-0.00"},
    {K_FLOAT, "-0.0", "#.0f", "-0."},
    {K_FLOAT, "-0.0", "e", "-0.000000e+00"},
    {K_FLOAT, "-0.0", ".3e", "-0.000e+00"},
    {K_FLOAT, "-0.0", "E", "-0.000000E+00"},
    {K_FLOAT, "-0.0", "g", "-0"},
    {K_FLOAT, "-0.0", ".3g", "-0"},
    {K_FLOAT, "-0.0", "G", "-0"},
    {K_FLOAT, "-0.0", "#g", "-0.00000"},
    {K_FLOAT, "-0.0", "%", "-0.000000%"},
    {K_FLOAT, "-0.0", ".1%", "-0.0%"},
    {K_FLOAT, "-0.0", "10.2f", "     -0.00"},
    {K_FLOAT, "-0.0", "<10.2f", "-0.00     "},
    {K_FLOAT, "-0.0", "^10", "   -0.0   "},
    {K_FLOAT, "-0.0", "+", "-0.0"},
    {K_FLOAT, "-0.0", "010.2f", "-000000.00"},
    {K_FLOAT, "-0.0", ",.2f", "-0.00"},
    {K_FLOAT, "-0.0", "010,.1f", "-000,000.0"},
    {K_FLOAT, "-0.0", "*^+12.3f", "***-0.000***"},
    {K_FLOAT, "-0.0", "z.1f", "0.0"},
    {K_FLOAT, "-0.0", "F", "-0.000000"},
    {K_FLOAT, "-0.0", "#", "-0.0"},
    {K_FLOAT, "1.0", "", "1.0"},
    {K_FLOAT, "1.0", ".2", "1.0"},
    {K_FLOAT, "1.0", ".3", "1.0"},
    {K_FLOAT, "1.0", ".0", "1e+00"},
    {K_FLOAT, "1.0", "f", "1.000000"},
    {K_FLOAT, "1.0", ".2f", "1.00"},
    {K_FLOAT, "1.0", "#.0f", "1."},
    {K_FLOAT, "1.0", "e", "1.000000e+00"},
    {K_FLOAT, "1.0", ".3e", "1.000e+00"},
    {K_FLOAT, "1.0", "E", "1.000000E+00"},
    {K_FLOAT, "1.0", "g", "1"},
    {K_FLOAT, "1.0", ".3g", "1"},
    {K_FLOAT, "1.0", "G", "1"},
    {K_FLOAT, "1.0", "#g", "1.00000"},
    {K_FLOAT, "1.0", "%", "100.000000%"},
    {K_FLOAT, "1.0", ".1%", "100.0%"},
    {K_FLOAT, "1.0", "10.2f", "      1.00"},
    {K_FLOAT, "1.0", "<10.2f", "1.00      "},
    {K_FLOAT, "1.0", "^10", "   1.0    "},
    {K_FLOAT, "1.0", "+", "+1.0"},
    {K_FLOAT, "1.0", "010.2f", "0000001.00"},
    {K_FLOAT, "1.0", ",.2f", "1.00"},
    {K_FLOAT, "1.0", "010,.1f", "0,000,001.0"},
    {K_FLOAT, "1.0", "*^+12.3f", "***+1.000***"},
    {K_FLOAT, "1.0", "z.1f", "1.0"},
    {K_FLOAT, "1.0", "F", "1.000000"},
    {K_FLOAT, "1.0", "#", "1.0"},
    {K_FLOAT, "1.5", "", "1.5"},
    {K_FLOAT, "1.5", ".2", "1.5"},
    {K_FLOAT, "1.5", ".3", "1.5"},
    {K_FLOAT, "1.5", ".0", "2e+00"},
    {K_FLOAT, "1.5", "f", "1.500000"},
    {K_FLOAT, "1.5", ".2f", "1.50"},
    {K_FLOAT, "1.5", "#.0f", "2."},
    {K_FLOAT, "1.5", "e", "1.500000e+00"},
    {K_FLOAT, "1.5", ".3e", "1.500e+00"},
    {K_FLOAT, "1.5", "E", "1.500000E+00"},
    {K_FLOAT, "1.5", "g", "1.5"},
    {K_FLOAT, "1.5", ".3g", "1.5"},
    {K_FLOAT, "1.5", "G", "1.5"},
    {K_FLOAT, "1.5", "#g", "1.50000"},
    {K_FLOAT, "1.5", "%", "150.000000%"},
    {K_FLOAT, "1.5", ".1%", "150.0%"},
    {K_FLOAT, "1.5", "10.2f", "      1.50"},
    {K_FLOAT, "1.5", "<10.2f", "1.50      "},
    {K_FLOAT, "1.5", "^10", "   1.5    "},
    {K_FLOAT, "1.5", "+", "+1.5"},
    {K_FLOAT, "1.5", "010.2f", "0000001.50"},
    {K_FLOAT, "1.5", ",.2f", "1.50"},
    {K_FLOAT, "1.5", "010,.1f", "0,000,001.5"},
    {K_FLOAT, "1.5", "*^+12.3f", "***+1.500***"},
    {K_FLOAT, "1.5", "z.1f", "1.5"},
    {K_FLOAT, "1.5", "F", "1.500000"},
    {K_FLOAT, "1.5", "#", "1.5"},
    {K_FLOAT, "-2.25", "", "-2.25"},
    {K_FLOAT, "-2.25", ".2", "-2.2"},
    {K_FLOAT, "-2.25", ".3", "-2.25"},
    {K_FLOAT, "-2.25", ".0", "-2e+00"},
    {K_FLOAT, "-2.25", "f", "-2.250000"},
    {K_FLOAT, "-2.25", ".2f", "-2.25"},
    {K_FLOAT, "-2.25", "#.0f", "-2."},
    {K_FLOAT, "-2.25", "e", "-2.250000e+00"},
    {K_FLOAT, "-2.25", ".3e", "-2.250e+00"},
    {K_FLOAT, "-2.25", "E", "-2.250000E+00"},
    {K_FLOAT, "-2.25", "g", "-2.25"},
    {K_FLOAT, "-2.25", ".3g", "-2.25"},
    {K_FLOAT, "-2.25", "G", "-2.25"},
    {K_FLOAT, "-2.25", "#g", "-2.25000"},
    {K_FLOAT, "-2.25", "%", "-225.000000%"},
    {K_FLOAT, "-2.25", ".1%", "-225.0%"},
    {K_FLOAT, "-2.25", "10.2f", "     -2.25"},
    {K_FLOAT, "-2.25", "<10.2f", "-2.25     "},
    {K_FLOAT, "-2.25", "^10", "  -2.25   "},
    {K_FLOAT, "-2.25", "+", "-2.25"},
    {K_FLOAT, "-2.25", "010.2f", "-000002.25"},
    {K_FLOAT, "-2.25", ",.2f", "-2.25"},
    {K_FLOAT, "-2.25", "010,.1f", "-000,002.2"},
    {K_FLOAT, "-2.25", "*^+12.3f", "***-2.250***"},
    {K_FLOAT, "-2.25", "z.1f", "-2.2"},
    {K_FLOAT, "-2.25", "F", "-2.250000"},
    {K_FLOAT, "-2.25", "#", "-2.25"},
    {K_FLOAT, "3.14159", "", "3.14159"},
    {K_FLOAT, "3.14159", ".2", "3.1"},
    {K_FLOAT, "3.14159", ".3", "3.14"},
    {K_FLOAT, "3.14159", ".0", "3e+00"},
    {K_FLOAT, "3.14159", "f", "3.141590"},
    {K_FLOAT, "3.14159", ".2f", "3.14"},
    {K_FLOAT, "3.14159", "#.0f", "3."},
    {K_FLOAT, "3.14159", "e", "3.141590e+00"},
    {K_FLOAT, "3.14159", ".3e", "3.142e+00"},
    {K_FLOAT, "3.14159", "E", "3.141590E+00"},
    {K_FLOAT, "3.14159", "g", "3.14159"},
    {K_FLOAT, "3.14159", ".3g", "3.14"},
    {K_FLOAT, "3.14159", "G", "3.14159"},
    {K_FLOAT, "3.14159", "#g", "3.14159"},
    {K_FLOAT, "3.14159", "%", "314.159000%"},
    {K_FLOAT, "3.14159", ".1%", "314.2%"},
    {K_FLOAT, "3.14159", "10.2f", "      3.14"},
    {K_FLOAT, "3.14159", "<10.2f", "3.14      "},
    {K_FLOAT, "3.14159", "^10", " 3.14159  "},
    {K_FLOAT, "3.14159", "+", "+3.14159"},
    {K_FLOAT, "3.14159", "010.2f", "0000003.14"},
    {K_FLOAT, "3.14159", ",.2f", "3.14"},
    {K_FLOAT, "3.14159", "010,.1f", "0,000,003.1"},
    {K_FLOAT, "3.14159", "*^+12.3f", "***+3.142***"},
    {K_FLOAT, "3.14159", "z.1f", "3.1"},
    {K_FLOAT, "3.14159", "F", "3.141590"},
    {K_FLOAT, "3.14159", "#", "3.14159"},
    {K_FLOAT, "1234567.891", "", "1234567.891"},
    {K_FLOAT, "1234567.891", ".2", "1.2e+06"},
    {K_FLOAT, "1234567.891", ".3", "1.23e+06"},
    {K_FLOAT, "1234567.891", ".0", "1e+06"},
    {K_FLOAT, "1234567.891", "f", "1234567.891000"},
    {K_FLOAT, "1234567.891", ".2f", "1234567.89"},
    {K_FLOAT, "1234567.891", "#.0f", "1234568."},
    {K_FLOAT, "1234567.891", "e", "1.234568e+06"},
    {K_FLOAT, "1234567.891", ".3e", "1.235e+06"},
    {K_FLOAT, "1234567.891", "E", "1.234568E+06"},
    {K_FLOAT, "1234567.891", "g", "1.23457e+06"},
    {K_FLOAT, "1234567.891", ".3g", "1.23e+06"},
    {K_FLOAT, "1234567.891", "G", "1.23457E+06"},
    {K_FLOAT, "1234567.891", "#g", "1.23457e+06"},
    {K_FLOAT, "1234567.891", "%", "123456789.100000%"},
    {K_FLOAT, "1234567.891", ".1%", "123456789.1%"},
    {K_FLOAT, "1234567.891", "10.2f", "1234567.89"},
    {K_FLOAT, "1234567.891", "<10.2f", "1234567.89"},
    {K_FLOAT, "1234567.891", "^10", "1234567.891"},
    {K_FLOAT, "1234567.891", "+", "+1234567.891"},
    {K_FLOAT, "1234567.891", "010.2f", "1234567.89"},
    {K_FLOAT, "1234567.891", ",.2f", "1,234,567.89"},
    {K_FLOAT, "1234567.891", "010,.1f", "1,234,567.9"},
    {K_FLOAT, "1234567.891", "*^+12.3f", "+1234567.891"},
    {K_FLOAT, "1234567.891", "z.1f", "1234567.9"},
    {K_FLOAT, "1234567.891", "F", "1234567.891000"},
    {K_FLOAT, "1234567.891", "#", "1234567.891"},
    {K_FLOAT, "0.30000000000000004", "", "0.30000000000000004"},
    {K_FLOAT, "0.30000000000000004", ".2", "0.3"},
    {K_FLOAT, "0.30000000000000004", ".3", "0.3"},
    {K_FLOAT, "0.30000000000000004", ".0", "0.3"},
    {K_FLOAT, "0.30000000000000004", "f", "0.300000"},
    {K_FLOAT, "0.30000000000000004", ".2f", "0.30"},
    {K_FLOAT, "0.30000000000000004", "#.0f", "0."},
    {K_FLOAT, "0.30000000000000004", "e", "3.000000e-01"},
    {K_FLOAT, "0.30000000000000004", ".3e", "3.000e-01"},
    {K_FLOAT, "0.30000000000000004", "E", "3.000000E-01"},
    {K_FLOAT, "0.30000000000000004", "g", "0.3"},
    {K_FLOAT, "0.30000000000000004", ".3g", "0.3"},
    {K_FLOAT, "0.30000000000000004", "G", "0.3"},
    {K_FLOAT, "0.30000000000000004", "#g", "0.300000"},
    {K_FLOAT, "0.30000000000000004", "%", "30.000000%"},
    {K_FLOAT, "0.30000000000000004", ".1%", "30.0%"},
    {K_FLOAT, "0.30000000000000004", "10.2f", "      0.30"},
    {K_FLOAT, "0.30000000000000004", "<10.2f", "0.30      "},
    {K_FLOAT, "0.30000000000000004", "^10", "0.30000000000000004"},
    {K_FLOAT, "0.30000000000000004", "+", "+0.30000000000000004"},
    {K_FLOAT, "0.30000000000000004", "010.2f", "0000000.30"},
    {K_FLOAT, "0.30000000000000004", ",.2f", "0.30"},
    {K_FLOAT, "0.30000000000000004", "010,.1f", "0,000,000.3"},
    {K_FLOAT, "0.30000000000000004", "*^+12.3f", "***+0.300***"},
    {K_FLOAT, "0.30000000000000004", "z.1f", "0.3"},
    {K_FLOAT, "0.30000000000000004", "F", "0.300000"},
    {K_FLOAT, "0.30000000000000004", "#", "0.30000000000000004"},
    {K_FLOAT, "1e+16", "", "1e+16"},
    {K_FLOAT, "1e+16", ".2", "1e+16"},
    {K_FLOAT, "1e+16", ".3", "1e+16"},
    {K_FLOAT, "1e+16", ".0", "1e+16"},
    {K_FLOAT, "1e+16", "f", "10000000000000000.000000"},
    {K_FLOAT, "1e+16", ".2f", "10000000000000000.00"},
    {K_FLOAT, "1e+16", "#.0f", "10000000000000000."},
    {K_FLOAT, "1e+16", "e", "1.000000e+16"},
    {K_FLOAT, "1e+16", ".3e", "1.000e+16"},
    {K_FLOAT, "1e+16", "E", "1.000000E+16"},
    {K_FLOAT, "1e+16", "g", "1e+16"},
    {K_FLOAT, "1e+16", ".3g", "1e+16"},
    {K_FLOAT, "1e+16", "G", "1E+16"},
    {K_FLOAT, "1e+16", "#g", "1.00000e+16"},
    {K_FLOAT, "1e+16", "%", "1000000000000000000.000000%"},
    {K_FLOAT, "1e+16", ".1%", "1000000000000000000.0%"},
    {K_FLOAT, "1e+16", "10.2f", "10000000000000000.00"},
    {K_FLOAT, "1e+16", "<10.2f", "10000000000000000.00"},
    {K_FLOAT, "1e+16", "^10", "  1e+16   "},
    {K_FLOAT, "1e+16", "+", "+1e+16"},
    {K_FLOAT, "1e+16", "010.2f", "10000000000000000.00"},
    {K_FLOAT, "1e+16", ",.2f", "10,000,000,000,000,000.00"},
    {K_FLOAT, "1e+16", "010,.1f", "10,000,000,000,000,000.0"},
    {K_FLOAT, "1e+16", "*^+12.3f", "+10000000000000000.000"},
    {K_FLOAT, "1e+16", "z.1f", "10000000000000000.0"},
    {K_FLOAT, "1e+16", "F", "10000000000000000.000000"},
    {K_FLOAT, "1e+16", "#", "1.e+16"},
    {K_FLOAT, "1e-05", "", "1e-05"},
    {K_FLOAT, "1e-05", ".2", "1e-05"},
    {K_FLOAT, "1e-05", ".3", "1e-05"},
    {K_FLOAT, "1e-05", ".0", "1e-05"},
    {K_FLOAT, "1e-05", "f", "0.000010"},
    {K_FLOAT, "1e-05", ".2f", "0.00"},
    {K_FLOAT, "1e-05", "#.0f", "0."},
    {K_FLOAT, "1e-05", "e", "1.000000e-05"},
    {K_FLOAT, "1e-05", ".3e", "1.000e-05"},
    {K_FLOAT, "1e-05", "E", "1.000000E-05"},
    {K_FLOAT, "1e-05", "g", "1e-05"},
    {K_FLOAT, "1e-05", ".3g", "1e-05"},
    {K_FLOAT, "1e-05", "G", "1E-05"},
    {K_FLOAT, "1e-05", "#g", "1.00000e-05"},
    {K_FLOAT, "1e-05", "%", "0.001000%"},
    {K_FLOAT, "1e-05", ".1%", "0.0%"},
    {K_FLOAT, "1e-05", "10.2f", "      0.00"},
    {K_FLOAT, "1e-05", "<10.2f", "0.00      "},
    {K_FLOAT, "1e-05", "^10", "  1e-05   "},
    {K_FLOAT, "1e-05", "+", "+1e-05"},
    {K_FLOAT, "1e-05", "010.2f", "0000000.00"},
    {K_FLOAT, "1e-05", ",.2f", "0.00"},
    {K_FLOAT, "1e-05", "010,.1f", "0,000,000.0"},
    {K_FLOAT, "1e-05", "*^+12.3f", "***+0.000***"},
    {K_FLOAT, "1e-05", "z.1f", "0.0"},
    {K_FLOAT, "1e-05", "F", "0.000010"},
    {K_FLOAT, "1e-05", "#", "1.e-05"},
    {K_FLOAT, "100.0", "", "100.0"},
    {K_FLOAT, "100.0", ".2", "1e+02"},
    {K_FLOAT, "100.0", ".3", "1e+02"},
    {K_FLOAT, "100.0", ".0", "1e+02"},
    {K_FLOAT, "100.0", "f", "100.000000"},
    {K_FLOAT, "100.0", ".2f", "100.00"},
    {K_FLOAT, "100.0", "#.0f", "100."},
    {K_FLOAT, "100.0", "e", "1.000000e+02"},
    {K_FLOAT, "100.0", ".3e", "1.000e+02"},
    {K_FLOAT, "100.0", "E", "1.000000E+02"},
    {K_FLOAT, "100.0", "g", "100"},
    {K_FLOAT, "100.0", ".3g", "100"},
    {K_FLOAT, "100.0", "G", "100"},
    {K_FLOAT, "100.0", "#g", "100.000"},
    {K_FLOAT, "100.0", "%", "10000.000000%"},
    {K_FLOAT, "100.0", ".1%", "10000.0%"},
    {K_FLOAT, "100.0", "10.2f", "    100.00"},
    {K_FLOAT, "100.0", "<10.2f", "100.00    "},
    {K_FLOAT, "100.0", "^10", "  100.0   "},
    {K_FLOAT, "100.0", "+", "+100.0"},
    {K_FLOAT, "100.0", "010.2f", "0000100.00"},
    {K_FLOAT, "100.0", ",.2f", "100.00"},
    {K_FLOAT, "100.0", "010,.1f", "0,000,100.0"},
    {K_FLOAT, "100.0", "*^+12.3f", "**+100.000**"},
    {K_FLOAT, "100.0", "z.1f", "100.0"},
    {K_FLOAT, "100.0", "F", "100.000000"},
    {K_FLOAT, "100.0", "#", "100.0"},
    {K_FLOAT, "inf", "", "inf"},
    {K_FLOAT, "inf", ".2", "inf"},
    {K_FLOAT, "inf", ".3", "inf"},
    {K_FLOAT, "inf", ".0", "inf"},
    {K_FLOAT, "inf", "f", "inf"},
    {K_FLOAT, "inf", ".2f", "inf"},
    {K_FLOAT, "inf", "#.0f", "inf"},
    {K_FLOAT, "inf", "e", "inf"},
    {K_FLOAT, "inf", ".3e", "inf"},
    {K_FLOAT, "inf", "E", "INF"},
    {K_FLOAT, "inf", "g", "inf"},
    {K_FLOAT, "inf", ".3g", "inf"},
    {K_FLOAT, "inf", "G", "INF"},
    {K_FLOAT, "inf", "#g", "inf"},
    {K_FLOAT, "inf", "%", "inf%"},
    {K_FLOAT, "inf", ".1%", "inf%"},
    {K_FLOAT, "inf", "10.2f", "       inf"},
    {K_FLOAT, "inf", "<10.2f", "inf       "},
    {K_FLOAT, "inf", "^10", "   inf    "},
    {K_FLOAT, "inf", "+", "+inf"},
    {K_FLOAT, "inf", "010.2f", "0000000inf"},
    {K_FLOAT, "inf", ",.2f", "inf"},
    {K_FLOAT, "inf", "010,.1f", "0000000inf"},
    {K_FLOAT, "inf", "*^+12.3f", "****+inf****"},
    {K_FLOAT, "inf", "z.1f", "inf"},
    {K_FLOAT, "inf", "F", "INF"},
    {K_FLOAT, "inf", "#", "inf"},
    {K_FLOAT, "nan", "", "nan"},
    {K_FLOAT, "nan", ".2", "nan"},
    {K_FLOAT, "nan", ".3", "nan"},
    {K_FLOAT, "nan", ".0", "nan"},
    {K_FLOAT, "nan", "f", "nan"},
    {K_FLOAT, "nan", ".2f", "nan"},
    {K_FLOAT, "nan", "#.0f", "nan"},
    {K_FLOAT, "nan", "e", "nan"},
    {K_FLOAT, "nan", ".3e", "nan"},
    {K_FLOAT, "nan", "E", "NAN"},
    {K_FLOAT, "nan", "g", "nan"},
    {K_FLOAT, "nan", ".3g", "nan"},
    {K_FLOAT, "nan", "G", "NAN"},
    {K_FLOAT, "nan", "#g", "nan"},
    {K_FLOAT, "nan", "%", "nan%"},
    {K_FLOAT, "nan", ".1%", "nan%"},
    {K_FLOAT, "nan", "10.2f", "       nan"},
    {K_FLOAT, "nan", "<10.2f", "nan       "},
    {K_FLOAT, "nan", "^10", "   nan    "},
    {K_FLOAT, "nan", "+", "+nan"},
    {K_FLOAT, "nan", "010.2f", "0000000nan"},
    {K_FLOAT, "nan", ",.2f", "nan"},
    {K_FLOAT, "nan", "010,.1f", "0000000nan"},
    {K_FLOAT, "nan", "*^+12.3f", "****+nan****"},
    {K_FLOAT, "nan", "z.1f", "nan"},
    {K_FLOAT, "nan", "F", "NAN"},
    {K_FLOAT, "nan", "#", "nan"},
    {K_FLOAT, "12.0", "", "12.0"},
    {K_FLOAT, "12.0", ".2", "1.2e+01"},
    {K_FLOAT, "12.0", ".3", "12.0"},
    {K_FLOAT, "12.0", ".0", "1e+01"},
    {K_FLOAT, "12.0", "f", "12.000000"},
    {K_FLOAT, "12.0", ".2f", "12.00"},
    {K_FLOAT, "12.0", "#.0f", "12."},
    {K_FLOAT, "12.0", "e", "1.200000e+01"},
    {K_FLOAT, "12.0", ".3e", "1.200e+01"},
    {K_FLOAT, "12.0", "E", "1.200000E+01"},
    {K_FLOAT, "12.0", "g", "12"},
    {K_FLOAT, "12.0", ".3g", "12"},
    {K_FLOAT, "12.0", "G", "12"},
    {K_FLOAT, "12.0", "#g", "12.0000"},
    {K_FLOAT, "12.0", "%", "1200.000000%"},
    {K_FLOAT, "12.0", ".1%", "1200.0%"},
    {K_FLOAT, "12.0", "10.2f", "     12.00"},
    {K_FLOAT, "12.0", "<10.2f", "12.00     "},
    {K_FLOAT, "12.0", "^10", "   12.0   "},
    {K_FLOAT, "12.0", "+", "+12.0"},
    {K_FLOAT, "12.0", "010.2f", "0000012.00"},
    {K_FLOAT, "12.0", ",.2f", "12.00"},
    {K_FLOAT, "12.0", "010,.1f", "0,000,012.0"},
    {K_FLOAT, "12.0", "*^+12.3f", "**+12.000***"},
    {K_FLOAT, "12.0", "z.1f", "12.0"},
    {K_FLOAT, "12.0", "F", "12.000000"},
    {K_FLOAT, "12.0", "#", "12.0"},
    {K_FLOAT, "2.5", "", "2.5"},
    {K_FLOAT, "2.5", ".2", "2.5"},
    {K_FLOAT, "2.5", ".3", "2.5"},
    {K_FLOAT, "2.5", ".0", "2e+00"},
    {K_FLOAT, "2.5", "f", "2.500000"},
    {K_FLOAT, "2.5", ".2f", "2.50"},
    {K_FLOAT, "2.5", "#.0f", "2."},
    {K_FLOAT, "2.5", "e", "2.500000e+00"},
    {K_FLOAT, "2.5", ".3e", "2.500e+00"},
    {K_FLOAT, "2.5", "E", "2.500000E+00"},
    {K_FLOAT, "2.5", "g", "2.5"},
    {K_FLOAT, "2.5", ".3g", "2.5"},
    {K_FLOAT, "2.5", "G", "2.5"},
    {K_FLOAT, "2.5", "#g", "2.50000"},
    {K_FLOAT, "2.5", "%", "250.000000%"},
    {K_FLOAT, "2.5", ".1%", "250.0%"},
    {K_FLOAT, "2.5", "10.2f", "      2.50"},
    {K_FLOAT, "2.5", "<10.2f", "2.50      "},
    {K_FLOAT, "2.5", "^10", "   2.5    "},
    {K_FLOAT, "2.5", "+", "+2.5"},
    {K_FLOAT, "2.5", "010.2f", "0000002.50"},
    {K_FLOAT, "2.5", ",.2f", "2.50"},
    {K_FLOAT, "2.5", "010,.1f", "0,000,002.5"},
    {K_FLOAT, "2.5", "*^+12.3f", "***+2.500***"},
    {K_FLOAT, "2.5", "z.1f", "2.5"},
    {K_FLOAT, "2.5", "F", "2.500000"},
    {K_FLOAT, "2.5", "#", "2.5"},
    {K_STR, "abc", "", "abc"},
    {K_STR, "abc", "s", "abc"},
    {K_STR, "abc", "5", "abc  "},
    {K_STR, "abc", "<5", "abc  "},
    {K_STR, "abc", ">5", "  abc"},
    {K_STR, "abc", "^6", " abc  "},
    {K_STR, "abc", "*^9", "***abc***"},
    {K_STR, "abc", ".2", "ab"},
    {K_STR, "abc", "10.3", "abc       "},
    {K_STR, "abc", "05", "abc00"},
    {K_STR, "abc", "\xc3""\xa9""<7", "abc\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""\xc3""\xa9"""},
    {K_STR, "h\xc3""\xa9""llo", "", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", "s", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", "5", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", "<5", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", ">5", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", "^6", "h\xc3""\xa9""llo "},
    {K_STR, "h\xc3""\xa9""llo", "*^9", "**h\xc3""\xa9""llo**"},
    {K_STR, "h\xc3""\xa9""llo", ".2", "h\xc3""\xa9"""},
    {K_STR, "h\xc3""\xa9""llo", "10.3", "h\xc3""\xa9""l       "},
    {K_STR, "h\xc3""\xa9""llo", "05", "h\xc3""\xa9""llo"},
    {K_STR, "h\xc3""\xa9""llo", "\xc3""\xa9""<7", "h\xc3""\xa9""llo\xc3""\xa9""\xc3""\xa9"""},
    {K_STR, "", "", ""},
    {K_STR, "", "s", ""},
    {K_STR, "", "5", "     "},
    {K_STR, "", "<5", "     "},
    {K_STR, "", ">5", "     "},
    {K_STR, "", "^6", "      "},
    {K_STR, "", "*^9", "*********"},
    {K_STR, "", ".2", ""},
    {K_STR, "", "10.3", "          "},
    {K_STR, "", "05", "00000"},
    {K_STR, "", "\xc3""\xa9""<7", "\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""\xc3""\xa9"""},
};

START_TEST(format_table_matches_cpython)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Value v;
        if (rows[i].kind == K_INT)
            v = int_from_string(ts, rows[i].value, strlen(rows[i].value), 10);
        else if (rows[i].kind == K_FLOAT)
            v = FLOAT_VAL(strtod(rows[i].value, NULL));
        else
            v = S(rows[i].value);
        PROTECT(ts, v);
        ObjStr *spec = str_from_cstr(ts, rows[i].spec);
        PROTECT_OBJ(ts, spec);
        Value r = format_value(ts, v, spec);
        UNPROTECT(ts, 2);
        ck_assert_msg(!IS_ERR(r), "format(%s, '%s') raised", rows[i].value,
                      rows[i].spec);
        ck_assert_msg(strcmp(AS_STR(r)->data, rows[i].expected) == 0,
                      "format(%s, '%s') = '%s', expected '%s'", rows[i].value,
                      rows[i].spec, AS_STR(r)->data, rows[i].expected);
    }
}
END_TEST

static void check_format_error(Value v, const char *spec, const char *expected)
{
    PROTECT(ts, v);
    Value r = format_value(ts, v, str_from_cstr(ts, spec));
    UNPROTECT(ts, 1);
    ck_assert(IS_ERR(r));
    check_interp_expect_error(expected);
}

START_TEST(format_errors_match_cpython)
{
    check_format_error(S("a"), "d",
                       "ValueError: Unknown format code 'd' for object of type 'str'");
    check_format_error(INT_VAL(1), ".2",
                       "ValueError: Precision not allowed in integer format specifier");
    check_format_error(INT_VAL(1), "abc",
                       "ValueError: Invalid format specifier 'abc' for object of type 'int'");
    check_format_error(S("a"), "=5",
                       "ValueError: '=' alignment not allowed in string format specifier");
    check_format_error(FLOAT_VAL(1.5), "d",
                       "ValueError: Unknown format code 'd' for object of type 'float'");
    check_format_error(INT_VAL(65), "+c",
                       "ValueError: Sign not allowed with integer format specifier 'c'");
    check_format_error(INT_VAL(1), ",n", "ValueError: Cannot specify ',' with 'n'.");
    check_format_error(NONE_VAL, "x",
                       "TypeError: unsupported format string passed to NoneType.__format__");
}
END_TEST

/* [r] must be the str [expected], or an error reading [expected]. */
static void expect_text(Value r, const char *expected)
{
    if (IS_ERR(r))
        check_interp_expect_error(expected);
    else
        ck_assert_str_eq(AS_STR(r)->data, expected);
}

static void check_percent(const char *fmt, Value args, const char *expected)
{
    PROTECT(ts, args);
    ObjStr *f = str_from_cstr(ts, fmt);
    PROTECT_OBJ(ts, f);
    Value r = format_percent(ts, f, args);
    UNPROTECT(ts, 2);
    expect_text(r, expected);
}

static Value tuple3(Value a, Value b, Value c)
{
    Value items[3] = {a, b, c};
    Value t = OBJ_VAL(tuple_from_array(ts, items, 3));
    PROTECT(ts, t);
    return t;
}

START_TEST(percent_formatting)
{
    check_percent("%s and %r", tuple3(S("x"), S("y"), NONE_VAL),
                  "TypeError: not all arguments converted during string formatting");
    Value two[2] = {INT_VAL(1), INT_VAL(2)};
    Value pair = OBJ_VAL(tuple_from_array(ts, two, 2));
    PROTECT(ts, pair);
    check_percent("%d-%d", pair, "1-2");
    check_percent("%5.2f|%-4d|%x", tuple3(FLOAT_VAL(3.14159), INT_VAL(42), INT_VAL(255)),
                  " 3.14|42  |ff");
    check_percent("%05d|%+d|%#o", tuple3(INT_VAL(-42), INT_VAL(5), INT_VAL(8)),
                  "-0042|+5|0o10");
    check_percent("%s", S("alone"), "alone");
    check_percent("%d%%", INT_VAL(50), "50%");
    check_percent("%s %s", INT_VAL(1), "TypeError: not enough arguments for format string");
    check_percent("%d", S("x"), "TypeError: %d format: a real number is required, not str");
    check_percent("%.3d|%c|%.2s", tuple3(INT_VAL(5), INT_VAL(65), S("xyz")), "005|A|xy");
    check_percent("%e|%g|%G", tuple3(FLOAT_VAL(12345.678), FLOAT_VAL(1e-10), FLOAT_VAL(1e20)),
                  "1.234568e+04|1e-10|1E+20");
}
END_TEST

static void check_str_format(const char *fmt, int argc, Value *argv,
                             const char *expected)
{
    ObjStr *f = str_from_cstr(ts, fmt);
    PROTECT_OBJ(ts, f);
    Value r = format_str_format(ts, f, argc, argv, NULL);
    UNPROTECT(ts, 1);
    expect_text(r, expected);
}

START_TEST(str_format_fields)
{
    Value a[3] = {S("a"), S("b"), FLOAT_VAL(3.14159)};
    for (int i = 0; i < 3; i++)
        PROTECT(ts, a[i]);
    check_str_format("{} {}", 2, a, "a b");
    check_str_format("{0}{1}{0}", 2, a, "aba");
    check_str_format("{2:.2f}|{0:>3}|{1!r}", 3, a, "3.14|  a|'b'");
    check_str_format("{{}}{}", 1, a, "{}a");
    check_str_format("{:>{}}", 1, a,
                     "IndexError: Replacement index 1 out of range for positional args tuple");
    check_str_format("{}{0}", 2, a,
                     "ValueError: cannot switch from automatic field numbering to manual field specification");
    check_str_format("{0}{}", 2, a,
                     "ValueError: cannot switch from manual field specification to automatic field numbering");
    check_str_format("{", 0, a, "ValueError: Single '{' encountered in format string");
    check_str_format("}", 0, a, "ValueError: Single '}' encountered in format string");
    check_str_format("{0!x}", 1, a, "ValueError: Unknown conversion specifier x");
    check_str_format("{name}", 1, a, "KeyError: name");
    UNPROTECT(ts, 3);
}
END_TEST

static Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_add_test(tc, format_table_matches_cpython);
    tcase_add_test(tc, format_errors_match_cpython);
    tcase_add_test(tc, percent_formatting);
    tcase_add_test(tc, str_format_fields);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(format_suite());
}
