/* format.c - the format mini-language (format(), f-strings, str.format)
 * and printf-style % formatting.
 *
 * A format spec is [[fill]align][sign][z][#][0][width][,|_][.precision]
 * [type].  It is parsed once into a Spec; the int, float and str
 * formatters then produce the body (sign, prefix, digits) and one padding
 * routine places it in the field.  Alignment '=' puts the padding between
 * the sign/prefix and the digits; with '0' padding and a thousands
 * separator, the zeros are grouped too (format(1234, '010,') is
 * '00,001,234'), so grouping and zero-padding are done together.
 *
 * Floats are rendered with C's printf, which rounds correctly; the empty
 * type without a precision is repr(); with a precision it is 'g' that keeps
 * at least one digit after the point.
 *
 * str.format walks the template once: literal text is copied, each
 * {field!conv:spec} is resolved (argument, then .attr and [key] steps),
 * converted, and formatted with a spec that may itself contain {fields}.
 */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"

typedef struct Spec {
    unsigned fill;   /* code point */
    bool fill_given;
    bool align_from_zero; /* '=' came from the '0' flag, not written */
    char align;      /* 0, '<', '>', '^', '=' */
    char sign;       /* 0, '+', '-', ' ' */
    bool z;          /* coerce negative zero */
    bool alt;        /* '#' */
    int64_t width;   /* -1 when absent */
    char grouping;   /* 0, ',', '_' */
    int64_t precision; /* -1 when absent */
    char type;       /* 0 when absent */
} Spec;

static bool is_align(char c)
{
    return c == '<' || c == '>' || c == '^' || c == '=';
}

/* Parse [spec] for an object of type [tname]; -1 with ValueError. */
static int parse_spec(ThreadState *ts, const char *s, size_t n,
                      const char *tname, Spec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->fill = ' ';
    sp->width = -1;
    sp->precision = -1;
    size_t i = 0;
    /* A fill may be any code point, so look past its UTF-8 bytes. */
    int adv = 1;
    if (n > 0)
        utf8_decode(s, &adv);
    if (n > (size_t)adv && is_align(s[adv])) {
        sp->fill = utf8_decode(s, &adv);
        sp->fill_given = true;
        sp->align = s[adv];
        i = (size_t)adv + 1;
    } else if (n > 0 && is_align(s[0])) {
        sp->align = s[0];
        i = 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
        sp->sign = s[i++];
    if (i < n && s[i] == 'z') {
        sp->z = true;
        i++;
    }
    if (i < n && s[i] == '#') {
        sp->alt = true;
        i++;
    }
    if (i < n && s[i] == '0') {
        if (!sp->fill_given) {
            sp->fill = '0';
            sp->fill_given = true;
        }
        if (!sp->align) {
            sp->align = '=';
            sp->align_from_zero = true;
        }
        i++;
    }
    if (i < n && s[i] >= '0' && s[i] <= '9') {
        int64_t w = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (w < INT32_MAX)
                w = w * 10 + (s[i] - '0');
            i++;
        }
        if (w >= INT32_MAX) {
            RAISE(ts, ValueError, "Too many decimal digits in format string");
            return -1;
        }
        sp->width = w;
    }
    if (i < n && (s[i] == ',' || s[i] == '_')) {
        sp->grouping = s[i++];
        if (i < n && (s[i] == ',' || s[i] == '_') && s[i] != sp->grouping) {
            RAISE(ts, ValueError, "Cannot specify both ',' and '_'.");
            return -1;
        }
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') {
            RAISE(ts, ValueError, "Format specifier missing precision");
            return -1;
        }
        int64_t p = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (p < INT32_MAX)
                p = p * 10 + (s[i] - '0');
            i++;
        }
        if (p >= INT32_MAX) {
            RAISE(ts, ValueError, "Too many decimal digits in format string");
            return -1;
        }
        sp->precision = p;
    }
    if (n - i > 1) {
        RAISE(ts, ValueError, "Invalid format specifier '%.*s' for object of type '%s'",
              (int)n, s, tname);
        return -1;
    }
    if (i < n)
        sp->type = s[i];
    if (sp->grouping && sp->type) {
        char t = sp->type;
        bool ok = sp->grouping == ','
                      ? strchr("deEfFgG%", t) != NULL
                      : strchr("deEfFgG%box X", t) != NULL && t != ' ';
        if (!ok) {
            RAISE(ts, ValueError, "Cannot specify '%c' with '%c'.", sp->grouping, t);
            return -1;
        }
    }
    return 0;
}

/* Put [body] (of [nchars] code points) into the field, padding it.
 * [prefix_len] bytes at the start (sign, 0x) stay left of '=' padding. */
static void pad_into(StrBuf *out, const Spec *sp, const char *body,
                     size_t len, size_t nchars, size_t prefix_len,
                     char default_align)
{
    int64_t pad = sp->width > (int64_t)nchars ? sp->width - (int64_t)nchars : 0;
    if ((uint64_t)pad > SIZE_MAX / 8)
        out->failed = true;
    if (!sb_reserve(out, (size_t)pad * 4 + len))
        return; /* the buffer is marked failed: a MemoryError */
    char align = sp->align ? sp->align : default_align;
    int64_t left = 0, right = 0;
    switch (align) {
    case '<':
        right = pad;
        break;
    case '^':
        left = pad / 2;
        right = pad - left;
        break;
    default: /* '>' and '=' */
        left = pad;
        break;
    }
    if (align == '=')
        sb_append(out, body, prefix_len);
    for (int64_t i = 0; i < left; i++)
        sb_put_codepoint(out, sp->fill);
    if (align == '=')
        sb_append(out, body + prefix_len, len - prefix_len);
    else
        sb_append(out, body, len);
    for (int64_t i = 0; i < right; i++)
        sb_put_codepoint(out, sp->fill);
}

/* Append [digits] grouped with [sep] every [interval] digits, first
 * zero-extended so the grouped text is at least [min_width] long. */
static void put_grouped(StrBuf *out, const char *digits, size_t n, char sep,
                        int interval, int64_t min_width)
{
    size_t total = n;
    if (sep) {
        while ((int64_t)(total + (total - 1) / interval) < min_width)
            total++;
    } else if ((int64_t)total < min_width) {
        total = (size_t)min_width;
    }
    for (size_t k = 0; k < total; k++) {
        size_t remaining = total - k; /* digits left including this one */
        if (sep && k > 0 && remaining % interval == 0)
            sb_putc(out, sep);
        sb_putc(out, k < total - n ? '0' : digits[k - (total - n)]);
    }
}

/* The minimum width the digits must fill when zero padding with '='. */
static int64_t zero_width(const Spec *sp, size_t prefix_len, size_t rest)
{
    if (sp->align == '=' && sp->fill == '0' && sp->width > 0)
        return sp->width - (int64_t)prefix_len - (int64_t)rest;
    return 0;
}

static void put_sign(StrBuf *b, bool neg, char sign)
{
    if (neg)
        sb_putc(b, '-');
    else if (sign == '+')
        sb_putc(b, '+');
    else if (sign == ' ')
        sb_putc(b, ' ');
}

static Value finish(ThreadState *ts, StrBuf *sb)
{
    ObjStr *s = str_from_buf(ts, sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* A number's text [body] (freed here) padded as [sp] asks, fill going
 * after its first [prefix_len] bytes (sign, 0x) for '=' alignment. */
static Value finish_number(ThreadState *ts, const Spec *sp, StrBuf *body,
                           size_t prefix_len)
{
    StrBuf out;
    sb_init(&out);
    pad_into(&out, sp, body->data, body->len, body->len, prefix_len, '>');
    sb_free(body);
    return finish(ts, &out);
}

static Value format_float(ThreadState *ts, double d, Spec *sp, const char *tname);

/* Remove trailing zeros after the point (and the point itself) in a %e or
 * %f rendering. */
static void strip_zeros(char *num, bool has_exp)
{
    char *e = has_exp ? strchr(num, 'e') : NULL;
    char *end = e ? e : num + strlen(num);
    if (!memchr(num, '.', (size_t)(end - num)))
        return;
    char *q = end;
    while (q > num && q[-1] == '0')
        q--;
    if (q > num && q[-1] == '.')
        q--;
    memmove(q, end, strlen(end) + 1);
}

/* "1e+16" -> "1.e+16" (the alternate form always shows the point). */
static void insert_point(char *num)
{
    char *e = strchr(num, 'e');
    if (!e)
        e = num + strlen(num);
    memmove(e + 1, e, strlen(e) + 1);
    *e = '.';
}

static Value format_int(ThreadState *ts, Value v, Spec *sp, const char *tname)
{
    char t = sp->type ? sp->type : 'd';
    if (strchr("eEfFgG%", t)) {
        double d;
        if (!int_to_double(ts, v, &d))
            return ERR_VAL;
        return format_float(ts, d, sp, tname);
    }
    if (!strchr("bcdoxXn", t))
        return RAISE(ts, ValueError,
                     "Unknown format code '%c' for object of type '%s'", t, tname);
    if (sp->precision >= 0)
        return RAISE(ts, ValueError,
                     "Precision not allowed in integer format specifier");
    if (sp->z)
        return RAISE(ts, ValueError, "Negative zero coercion (z) not allowed "
                                     "in integer format specifier");
    if (sp->grouping == ',' && t == 'n')
        return RAISE(ts, ValueError, "Cannot specify ',' with 'n'.");
    if (t == 'c') {
        if (sp->sign)
            return RAISE(ts, ValueError,
                         "Sign not allowed with integer format specifier 'c'");
        if (sp->alt)
            return RAISE(ts, ValueError, "Alternate form (#) not allowed with "
                                         "integer format specifier 'c'");
        if (sp->grouping)
            return RAISE(ts, ValueError, "Cannot specify '%c' with 'c'.",
                         sp->grouping);
        int64_t cp;
        if (!int_to_int64(v, &cp))
            return RAISE(ts, OverflowError,
                         "Python int too large to convert to C long");
        if (cp < 0 || cp > 0x10FFFF)
            return RAISE(ts, OverflowError, "%%c arg not in range(0x110000)");
        StrBuf body, out;
        sb_init(&body);
        sb_init(&out);
        sb_put_codepoint(&body, (unsigned)cp);
        if (sp->align == '=')
            sp->align = '>';
        pad_into(&out, sp, body.data, body.len, 1, 0, '<');
        sb_free(&body);
        return finish(ts, &out);
    }
    int base = t == 'b' ? 2 : t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    StrBuf digits;
    sb_init(&digits);
    {
        size_t sz = mpz_sizeinbase(z, base) + 2;
        char *tmp = malloc(sz);
        mpz_get_str(tmp, base, z);
        sb_puts(&digits, tmp);
        free(tmp);
    }
    mpz_clear(z);
    if (t == 'X')
        for (size_t i = 0; i < digits.len; i++)
            if (digits.data[i] >= 'a' && digits.data[i] <= 'f')
                digits.data[i] -= 32;
    StrBuf body;
    sb_init(&body);
    put_sign(&body, neg, sp->sign);
    if (sp->alt && base != 10) {
        sb_putc(&body, '0');
        sb_putc(&body, t == 'b' ? 'b' : t == 'o' ? 'o' : t);
    }
    size_t prefix_len = body.len;
    int interval = base == 10 ? 3 : 4;
    put_grouped(&body, digits.data, digits.len, sp->grouping, interval,
                zero_width(sp, prefix_len, 0));
    sb_free(&digits);
    return finish_number(ts, sp, &body, prefix_len);
}

static Value format_float(ThreadState *ts, double d, Spec *sp, const char *tname)
{
    char t = sp->type;
    if (t && !strchr("eEfFgGn%", t))
        return RAISE(ts, ValueError,
                     "Unknown format code '%c' for object of type '%s'", t, tname);
    if (t == 'n' && sp->grouping)
        return RAISE(ts, ValueError, "Cannot specify '%c' with 'n'.", sp->grouping);
    int prec = sp->precision < 0 ? 6 : (int)sp->precision;
    bool percent = t == '%';
    double x = percent ? d * 100.0 : d;
    char cfmt[16];
    char *num = NULL;
    size_t cap = 0;
    /* Render |x| first; the sign is added separately. */
    double ax = fabs(x);
    bool neg = signbit(x) && !isnan(x);
    if (!t && sp->precision < 0) {
        num = malloc(40);
        float_repr(ax, num, 40);
        if (sp->alt && isfinite(ax) && !strchr(num, '.'))
            insert_point(num);
    } else if (!t && isfinite(ax)) {
        /* The empty type with a precision: 'g', except that exponent form
         * starts one digit earlier and fixed form keeps a ".0". */
        int p = prec == 0 ? 1 : prec;
        cap = (size_t)p + 420;
        num = malloc(cap);
        snprintf(num, cap, "%.*e", p - 1, ax);
        int e10 = atoi(strchr(num, 'e') + 1);
        if (e10 < -4 || e10 >= p - 1) {
            if (!sp->alt)
                strip_zeros(num, true);
            else if (!strchr(num, '.'))
                insert_point(num);
        } else {
            snprintf(num, cap, "%.*f", p - 1 - e10, ax);
            if (!sp->alt)
                strip_zeros(num, false);
            if (!strchr(num, '.'))
                strcat(num, ".0");
        }
    } else {
        char ct = t;
        if (!t || t == 'n')
            ct = 'g';
        if (percent)
            ct = 'f';
        if ((ct == 'g' || ct == 'G') && prec == 0)
            prec = 1;
        snprintf(cfmt, sizeof cfmt, "%%%s.*%c", sp->alt ? "#" : "", ct);
        int len = snprintf(NULL, 0, cfmt, prec, ax);
        cap = (size_t)len + 4;
        num = malloc(cap);
        snprintf(num, cap, cfmt, prec, ax);
    }
    if (isnan(x) || isinf(x)) {
        if (t == 'E' || t == 'F' || t == 'G')
            for (char *p = num; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                    *p -= 32;
    }
    if (sp->z && neg && isfinite(x)) {
        /* Negative zero after rounding loses its sign. */
        bool all_zero = true;
        for (char *p = num; *p && *p != 'e' && *p != 'E'; p++)
            if (*p >= '1' && *p <= '9')
                all_zero = false;
        if (all_zero)
            neg = false;
    }
    StrBuf body;
    sb_init(&body);
    put_sign(&body, neg, sp->sign);
    size_t prefix_len = body.len;
    /* Integer digits, then the rest (point, fraction, exponent). */
    size_t nint = 0;
    while (num[nint] >= '0' && num[nint] <= '9')
        nint++;
    size_t rest = strlen(num) - nint + (percent ? 1 : 0);
    if (nint > 0) {
        put_grouped(&body, num, nint, sp->grouping, 3,
                    zero_width(sp, prefix_len, rest));
        sb_puts(&body, num + nint);
    } else {
        sb_puts(&body, num);
    }
    if (percent)
        sb_putc(&body, '%');
    free(num);
    return finish_number(ts, sp, &body, prefix_len);
}

static Value format_string(ThreadState *ts, ObjStr *s, Spec *sp)
{
    if (sp->type && sp->type != 's')
        return RAISE(ts, ValueError,
                     "Unknown format code '%c' for object of type 'str'",
                     sp->type);
    if (sp->sign)
        return RAISE(ts, ValueError, "Sign not allowed in string format specifier");
    if (sp->alt)
        return RAISE(ts, ValueError,
                     "Alternate form (#) not allowed in string format specifier");
    if (sp->z)
        return RAISE(ts, ValueError, "Negative zero coercion (z) not allowed "
                                     "in string format specifier");
    if (sp->grouping)
        return RAISE(ts, ValueError, "Cannot specify '%c' with 's'.", sp->grouping);
    if (sp->align == '=' && sp->align_from_zero)
        sp->align = '<';
    if (sp->align == '=')
        return RAISE(ts, ValueError,
                     "'=' alignment not allowed in string format specifier");
    size_t len = s->len, nchars = s->nchars;
    if (sp->precision >= 0 && (size_t)sp->precision < nchars) {
        nchars = (size_t)sp->precision;
        len = 0;
        for (size_t k = 0; k < nchars; k++) {
            int adv;
            utf8_decode(s->data + len, &adv);
            len += (size_t)adv;
        }
    }
    if ((int64_t)nchars >= sp->width && len == s->len)
        return OBJ_VAL(s);
    StrBuf out;
    sb_init(&out);
    pad_into(&out, sp, s->data, len, nchars, 0, '<');
    return finish(ts, &out);
}

Value format_builtin(ThreadState *ts, Value v, ObjStr *spec)
{
    const char *s = spec ? spec->data : "";
    size_t n = spec ? spec->len : 0;
    Spec sp;
    if (IS_STR(v)) {
        if (n == 0)
            return AS_OBJ(v)->cls == TYPE(ts, STR) ? v : obj_str(ts, v);
        if (parse_spec(ts, s, n, "str", &sp) < 0)
            return ERR_VAL;
        return format_string(ts, AS_STR(v), &sp);
    }
    /* f"{x}" is the common case: an empty spec is str(). */
    if (n == 0 && (IS_INT(v) || IS_BOOL(v) || IS_BIGINT(v)))
        return int_repr(ts, v);
    if (n == 0 && IS_FLOAT(v)) {
        char buf[40];
        float_repr(AS_FLOAT(v), buf, sizeof buf);
        ObjStr *r = str_from_cstr(ts, buf);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    if (IS_INT(v) || IS_BOOL(v) || IS_BIGINT(v)) {
        const char *tname = IS_BOOL(v) ? "bool" : "int";
        if (parse_spec(ts, s, n, tname, &sp) < 0)
            return ERR_VAL;
        return format_int(ts, v, &sp, tname);
    }
    if (IS_FLOAT(v)) {
        if (parse_spec(ts, s, n, "float", &sp) < 0)
            return ERR_VAL;
        return format_float(ts, AS_FLOAT(v), &sp, "float");
    }
    return RAISE(ts, TypeError, "descriptor '__format__' requires a built-in "
                                "number or str, not '%s'",
                 obj_type_name(ts, v));
}

Value format_value(ThreadState *ts, Value v, ObjStr *spec)
{
    size_t n = spec ? spec->len : 0;
    if (IS_INT(v) || IS_BOOL(v) || IS_FLOAT(v) || IS_BIGINT(v) ||
        (IS_STR(v) && AS_OBJ(v)->cls == TYPE(ts, STR)))
        return format_builtin(ts, v, spec);
    /* Objects: a __format__ written in Python wins. */
    ObjClass *cls = obj_class(ts, v);
    Value m = class_lookup(cls, NAME(ts, format));
    if (!IS_UNDEF(m) && !IS_KIND(m, OBJ_NATIVE)) {
        Value arg = OBJ_VAL(spec ? spec : NAME(ts, empty));
        Value r = obj_call_method(ts, v, NAME(ts, format), 1, &arg);
        if (IS_ERR(r))
            return ERR_VAL;
        if (!IS_STR(r))
            return RAISE(ts, TypeError, "__format__ must return a str, not %s",
                         obj_type_name(ts, r));
        return r;
    }
    if (IS_STR(v))
        return format_builtin(ts, v, spec); /* a str subclass */
    if (n == 0)
        return obj_str(ts, v);
    return RAISE(ts, TypeError, "unsupported format string passed to %s.__format__",
                 cls->name->data);
}

/* ---- printf-style formatting --------------------------------------------- */

/* The integer value of [v] for %d (floats truncate) or %x (ints only).
 * 1 = ok, -1 = error. */
static int percent_int(ThreadState *ts, Value v, char type, Value *out)
{
    if (num_is_int(v)) {
        *out = v;
        return 1;
    }
    bool decimal = type == 'd' || type == 'i' || type == 'u';
    if (IS_FLOAT(v) && decimal) {
        double d = AS_FLOAT(v);
        if (isnan(d)) {
            RAISE(ts, ValueError, "cannot convert float NaN to integer");
            return -1;
        }
        if (isinf(d)) {
            RAISE(ts, OverflowError, "cannot convert float infinity to integer");
            return -1;
        }
        mpz_t z;
        mpz_init_set_d(z, trunc(d));
        *out = int_from_mpz(ts, z);
        mpz_clear(z);
        return IS_ERR(*out) ? -1 : 1;
    }
    if (IS_INSTANCE(v)) {
        /* %d converts like int() (__int__ first); %x and %o need a true
         * integer (__index__). */
        ObjClass *cls = obj_class(ts, v);
        ObjStr *name = NULL;
        if (decimal && !IS_UNDEF(class_lookup(cls, NAME(ts, int_))))
            name = NAME(ts, int_);
        else if (!IS_UNDEF(class_lookup(cls, NAME(ts, index))))
            name = NAME(ts, index);
        if (name) {
            Value r = obj_call_method(ts, v, name, 0, NULL);
            if (IS_ERR(r))
                return -1;
            if (num_is_int(r)) {
                *out = r;
                return 1;
            }
        }
    }
    if (decimal)
        RAISE(ts, TypeError, "%%%c format: a real number is required, not %s",
              type, obj_type_name(ts, v));
    else
        RAISE(ts, TypeError, "%%%c format: an integer is required, not %s",
              type, obj_type_name(ts, v));
    return -1;
}

typedef struct PctFlags {
    bool left, plus, space, alt, zero;
    int64_t width;     /* -1 none */
    int64_t precision; /* -1 none */
} PctFlags;

static void pct_pad(StrBuf *out, const PctFlags *f, const char *body,
                    size_t len, size_t nchars, size_t prefix_len, bool numeric)
{
    int64_t pad = f->width > (int64_t)nchars ? f->width - (int64_t)nchars : 0;
    if ((uint64_t)pad > SIZE_MAX / 8)
        out->failed = true;
    if (!sb_reserve(out, (size_t)pad + len))
        return; /* the buffer is marked failed: a MemoryError */
    if (f->left) {
        sb_append(out, body, len);
        for (int64_t i = 0; i < pad; i++)
            sb_putc(out, ' ');
    } else if (f->zero && numeric) {
        sb_append(out, body, prefix_len);
        for (int64_t i = 0; i < pad; i++)
            sb_putc(out, '0');
        sb_append(out, body + prefix_len, len - prefix_len);
    } else {
        for (int64_t i = 0; i < pad; i++)
            sb_putc(out, ' ');
        sb_append(out, body, len);
    }
}

static int pct_integer(ThreadState *ts, StrBuf *out, Value v, char type,
                       const PctFlags *f)
{
    int base = (type == 'o') ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    char *tmp = malloc(mpz_sizeinbase(z, base) + 2);
    mpz_get_str(tmp, base, z);
    mpz_clear(z);
    if (type == 'X')
        for (char *p = tmp; *p; p++)
            if (*p >= 'a' && *p <= 'f')
                *p -= 32;
    StrBuf body;
    sb_init(&body);
    if (neg)
        sb_putc(&body, '-');
    else if (f->plus)
        sb_putc(&body, '+');
    else if (f->space)
        sb_putc(&body, ' ');
    if (f->alt && base != 10) {
        sb_putc(&body, '0');
        sb_putc(&body, type == 'o' ? 'o' : type);
    }
    size_t prefix_len = body.len;
    size_t nd = strlen(tmp);
    for (int64_t i = (int64_t)nd; i < f->precision; i++)
        sb_putc(&body, '0');
    sb_puts(&body, tmp);
    free(tmp);
    pct_pad(out, f, body.data, body.len, body.len, prefix_len, true);
    sb_free(&body);
    (void)ts;
    return 0;
}

static int pct_float(ThreadState *ts, StrBuf *out, Value v, char type,
                     const PctFlags *f)
{
    double d;
    if (IS_FLOAT(v)) {
        d = AS_FLOAT(v);
    } else if (num_is_int(v)) {
        if (!int_to_double(ts, v, &d))
            return -1;
    } else {
        Value m = IS_INSTANCE(v) ? class_lookup(obj_class(ts, v), NAME(ts, float_))
                                 : UNDEF_VAL;
        if (IS_UNDEF(m)) {
            RAISE(ts, TypeError, "must be real number, not %s",
                  obj_type_name(ts, v));
            return -1;
        }
        Value r = obj_call_method(ts, v, NAME(ts, float_), 0, NULL);
        if (IS_ERR(r))
            return -1;
        if (!IS_FLOAT(r)) {
            RAISE(ts, TypeError, "must be real number, not %s",
                  obj_type_name(ts, r));
            return -1;
        }
        d = AS_FLOAT(r);
    }
    char cfmt[24];
    int k = 0;
    cfmt[k++] = '%';
    if (f->left)
        cfmt[k++] = '-';
    if (f->plus)
        cfmt[k++] = '+';
    if (f->space)
        cfmt[k++] = ' ';
    if (f->alt)
        cfmt[k++] = '#';
    if (f->zero)
        cfmt[k++] = '0';
    cfmt[k++] = '*';
    cfmt[k++] = '.';
    cfmt[k++] = '*';
    cfmt[k++] = type;
    cfmt[k] = '\0';
    int w = f->width < 0 ? 0 : (int)f->width;
    int p = f->precision < 0 ? 6 : (int)f->precision;
    sb_printf(out, cfmt, w, p, d);
    return 0;
}

/* Find the value of %(key)s in [mapping]. */
static Value pct_lookup(ThreadState *ts, Value mapping, const char *key,
                        size_t n)
{
    ObjStr *k = str_new(ts, key, n);
    if (!k)
        return ERR_VAL;
    return obj_getitem(ts, mapping, OBJ_VAL(k));
}

Value format_percent(ThreadState *ts, ObjStr *fmt, Value args)
{
    Value *items;
    size_t nitems, next = 0;
    Value single = args;
    if (IS_TUPLE(args)) {
        items = AS_TUPLE(args)->items;
        nitems = AS_TUPLE(args)->len;
    } else {
        items = &single;
        nitems = 1;
    }
    bool is_mapping = !IS_TUPLE(args) && !IS_STR(args) &&
                      (IS_DICT(args) ||
                       (IS_INSTANCE(args) &&
                        !IS_UNDEF(class_lookup(obj_class(ts, args),
                                               NAME(ts, getitem)))));
    StrBuf out;
    sb_init(&out);
    const char *s = fmt->data;
    size_t n = fmt->len, i = 0;
    /* Keep the operands and converted values alive: lookups and
     * conversions may allocate. */
    PROTECT_OBJ(ts, fmt);
    PROTECT(ts, args);
    size_t protected = 2;
    while (i < n) {
        const char *pc = memchr(s + i, '%', n - i);
        if (!pc) {
            sb_append(&out, s + i, n - i);
            break;
        }
        sb_append(&out, s + i, (size_t)(pc - (s + i)));
        size_t start = (size_t)(pc - s);
        i = start + 1;
        Value v = UNDEF_VAL;
        bool have_value = false;
        if (i < n && s[i] == '(') {
            if (!is_mapping) {
                RAISE(ts, TypeError, "format requires a mapping");
                goto fail;
            }
            size_t depth = 1, k = i + 1;
            while (k < n && depth) {
                if (s[k] == '(')
                    depth++;
                else if (s[k] == ')')
                    depth--;
                k++;
            }
            if (depth) {
                RAISE(ts, ValueError, "incomplete format key");
                goto fail;
            }
            v = pct_lookup(ts, args, s + i + 1, k - i - 2);
            if (IS_ERR(v))
                goto fail;
            PROTECT(ts, v);
            protected++;
            have_value = true;
            i = k;
        }
        PctFlags f = {false, false, false, false, false, -1, -1};
        for (; i < n; i++) {
            char c = s[i];
            if (c == '-')
                f.left = true;
            else if (c == '+')
                f.plus = true;
            else if (c == ' ')
                f.space = true;
            else if (c == '#')
                f.alt = true;
            else if (c == '0')
                f.zero = true;
            else
                break;
        }
        if (i < n && s[i] == '*') {
            if (next >= nitems) {
                RAISE(ts, TypeError, "not enough arguments for format string");
                goto fail;
            }
            int64_t w;
            if (!int_to_int64(items[next], &w)) {
                RAISE(ts, TypeError, "* wants int");
                goto fail;
            }
            next++;
            if (w < 0) {
                f.left = true;
                w = -w;
            }
            f.width = w;
            i++;
        } else if (i < n && s[i] >= '0' && s[i] <= '9') {
            f.width = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                f.width = f.width * 10 + (s[i++] - '0');
        }
        if (i < n && s[i] == '.') {
            i++;
            f.precision = 0;
            if (i < n && s[i] == '*') {
                if (next >= nitems) {
                    RAISE(ts, TypeError, "not enough arguments for format string");
                    goto fail;
                }
                int64_t p;
                if (!int_to_int64(items[next], &p)) {
                    RAISE(ts, TypeError, "* wants int");
                    goto fail;
                }
                next++;
                f.precision = p < 0 ? 0 : p;
                i++;
            } else {
                while (i < n && s[i] >= '0' && s[i] <= '9')
                    f.precision = f.precision * 10 + (s[i++] - '0');
            }
        }
        while (i < n && (s[i] == 'h' || s[i] == 'l' || s[i] == 'L'))
            i++;
        if (i >= n) {
            RAISE(ts, ValueError, "incomplete format");
            goto fail;
        }
        char type = s[i++];
        if (type == '%') {
            sb_putc(&out, '%');
            continue;
        }
        if (!have_value) {
            if (next >= nitems) {
                RAISE(ts, TypeError, "not enough arguments for format string");
                goto fail;
            }
            v = items[next++];
        }
        switch (type) {
        case 's':
        case 'r':
        case 'a': {
            Value r = type == 's' ? obj_str(ts, v) : obj_repr(ts, v);
            if (IS_ERR(r))
                goto fail;
            if (type == 'a') {
                ObjStr *e = str_escape_nonascii(ts, AS_STR(r));
                if (!e)
                    goto fail;
                r = OBJ_VAL(e);
            }
            ObjStr *rs = AS_STR(r);
            size_t len = rs->len, nch = rs->nchars;
            if (f.precision >= 0 && (size_t)f.precision < nch) {
                nch = (size_t)f.precision;
                len = 0;
                for (size_t k = 0; k < nch; k++) {
                    int adv;
                    utf8_decode(rs->data + len, &adv);
                    len += (size_t)adv;
                }
            }
            pct_pad(&out, &f, rs->data, len, nch, 0, false);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            Value iv;
            if (percent_int(ts, v, type, &iv) < 0)
                goto fail;
            pct_integer(ts, &out, iv, type == 'i' || type == 'u' ? 'd' : type, &f);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            if (pct_float(ts, &out, v, type, &f) < 0)
                goto fail;
            break;
        case 'c': {
            int64_t cp;
            StrBuf ch;
            sb_init(&ch);
            if (IS_STR(v) && AS_STR(v)->nchars == 1) {
                sb_append(&ch, AS_STR(v)->data, AS_STR(v)->len);
            } else if (num_is_int(v)) {
                if (!int_to_int64(v, &cp) || cp < 0 || cp > 0x10FFFF) {
                    RAISE(ts, OverflowError, "%%c arg not in range(0x110000)");
                    goto fail;
                }
                sb_put_codepoint(&ch, (unsigned)cp);
            } else {
                RAISE(ts, TypeError, "%%c requires int or char");
                goto fail;
            }
            pct_pad(&out, &f, ch.data, ch.len, 1, 0, false);
            sb_free(&ch);
            break;
        }
        default:
            RAISE(ts, ValueError,
                  "unsupported format character '%c' (0x%x) at index %zu",
                  type, (unsigned char)type, i - 1);
            goto fail;
        }
    }
    UNPROTECT(ts, protected);
    if (next < nitems && !is_mapping) {
        sb_free(&out);
        return RAISE(ts, TypeError,
                     "not all arguments converted during string formatting");
    }
    return finish(ts, &out);
fail:
    UNPROTECT(ts, protected);
    sb_free(&out);
    return ERR_VAL;
}

/* ---- str.format ---------------------------------------------------------- */

typedef struct FmtArgs {
    int argc;
    Value *argv;
    ObjTuple *kwnames;
    Value mapping; /* format_map, else UNDEF */
    int auto_index;
    int numbering; /* 0 undecided, 1 automatic, 2 manual */
} FmtArgs;

static int render(ThreadState *ts, const char *s, size_t n, FmtArgs *a,
                  StrBuf *out, int depth);

/* The argument named by [name] (an index, an identifier or empty). */
static Value lookup_arg(ThreadState *ts, FmtArgs *a, const char *name,
                        size_t n)
{
    bool numeric = n > 0;
    for (size_t i = 0; i < n; i++)
        if (name[i] < '0' || name[i] > '9')
            numeric = false;
    if (n == 0 || numeric) {
        int64_t idx;
        if (n == 0) {
            if (a->numbering == 2)
                return RAISE(ts, ValueError, "cannot switch from manual field "
                                             "specification to automatic field "
                                             "numbering");
            a->numbering = 1;
            idx = a->auto_index++;
        } else {
            if (a->numbering == 1)
                return RAISE(ts, ValueError, "cannot switch from automatic field "
                                             "numbering to manual field "
                                             "specification");
            a->numbering = 2;
            idx = 0;
            for (size_t i = 0; i < n && idx < INT32_MAX; i++)
                idx = idx * 10 + (name[i] - '0');
        }
        if (!IS_UNDEF(a->mapping))
            return RAISE(ts, ValueError, "Format string contains positional fields");
        if (idx >= a->argc)
            return RAISE(ts, IndexError,
                         "Replacement index %lld out of range for positional "
                         "args tuple",
                         (long long)idx);
        return a->argv[idx];
    }
    if (!IS_UNDEF(a->mapping)) {
        ObjStr *key = str_new(ts, name, n);
        if (!key)
            return ERR_VAL;
        return obj_getitem(ts, a->mapping, OBJ_VAL(key));
    }
    if (a->kwnames) {
        for (size_t i = 0; i < a->kwnames->len; i++) {
            ObjStr *k = AS_STR(a->kwnames->items[i]);
            if (k->len == n && memcmp(k->data, name, n) == 0)
                return a->argv[a->argc + (int)i];
        }
    }
    return RAISE(ts, KeyError, "%.*s", (int)n, name);
}

/* Resolve "name(.attr|[key])*" to a value. */
static Value resolve_field(ThreadState *ts, FmtArgs *a, const char *s,
                           size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != '.' && s[i] != '[')
        i++;
    Value v = lookup_arg(ts, a, s, i);
    if (IS_ERR(v))
        return ERR_VAL;
    while (i < n) {
        PROTECT(ts, v);
        Value next;
        if (s[i] == '.') {
            size_t k = ++i;
            while (i < n && s[i] != '.' && s[i] != '[')
                i++;
            if (i == k) {
                UNPROTECT(ts, 1);
                return RAISE(ts, ValueError, "Empty attribute in format string");
            }
            ObjStr *attr = str_intern(ts, s + k, i - k);
            next = attr ? obj_getattr(ts, v, attr) : ERR_VAL;
        } else if (s[i] == '[') {
            size_t k = ++i;
            while (i < n && s[i] != ']')
                i++;
            if (i >= n) {
                UNPROTECT(ts, 1);
                return RAISE(ts, ValueError, "Missing ']' in format string");
            }
            if (i == k) {
                UNPROTECT(ts, 1);
                return RAISE(ts, ValueError, "Empty attribute in format string");
            }
            bool numeric = true;
            int64_t idx = 0;
            for (size_t j = k; j < i; j++) {
                if (s[j] < '0' || s[j] > '9')
                    numeric = false;
                else if (idx < INT64_MAX / 10)
                    idx = idx * 10 + (s[j] - '0');
            }
            Value key;
            if (numeric) {
                key = INT_VAL(idx);
            } else {
                ObjStr *ks = str_new(ts, s + k, i - k);
                key = ks ? OBJ_VAL(ks) : ERR_VAL;
            }
            i++;
            next = IS_ERR(key) ? ERR_VAL : obj_getitem(ts, v, key);
        } else {
            UNPROTECT(ts, 1);
            return RAISE(ts, ValueError,
                         "Only '.' or '[' may follow ']' in format field "
                         "specifier");
        }
        UNPROTECT(ts, 1);
        if (IS_ERR(next))
            return ERR_VAL;
        v = next;
    }
    return v;
}

/* One replacement field's text between the braces. */
static int render_field(ThreadState *ts, const char *f, size_t n, FmtArgs *a,
                        StrBuf *out, int depth)
{
    /* The name ends at '!' or ':' outside brackets. */
    size_t i = 0;
    while (i < n && f[i] != '!' && f[i] != ':') {
        if (f[i] == '[') {
            while (i < n && f[i] != ']')
                i++;
            if (i < n)
                i++;
            continue;
        }
        i++;
    }
    size_t name_len = i;
    char conv = 0;
    if (i < n && f[i] == '!') {
        if (i + 1 >= n) {
            RAISE(ts, ValueError, "unmatched '{' in format spec");
            return -1;
        }
        conv = f[i + 1];
        i += 2;
        if (i < n && f[i] != ':') {
            RAISE(ts, ValueError, "expected ':' after conversion specifier");
            return -1;
        }
    }
    const char *spec = "";
    size_t spec_len = 0;
    if (i < n && f[i] == ':') {
        spec = f + i + 1;
        spec_len = n - i - 1;
    }
    Value v = resolve_field(ts, a, f, name_len);
    if (IS_ERR(v))
        return -1;
    PROTECT(ts, v);
    if (conv) {
        Value c;
        if (conv == 'r' || conv == 'a') {
            c = obj_repr(ts, v);
            if (!IS_ERR(c) && conv == 'a') {
                ObjStr *e = str_escape_nonascii(ts, AS_STR(c));
                c = e ? OBJ_VAL(e) : ERR_VAL;
            }
        } else if (conv == 's') {
            c = obj_str(ts, v);
        } else {
            UNPROTECT(ts, 1);
            RAISE(ts, ValueError, "Unknown conversion specifier %c", conv);
            return -1;
        }
        UNPROTECT(ts, 1);
        if (IS_ERR(c))
            return -1;
        v = c;
        PROTECT(ts, v);
    }
    /* The spec may hold nested fields: expand them first. */
    ObjStr *specstr = NULL;
    if (spec_len) {
        StrBuf sb;
        sb_init(&sb);
        if (memchr(spec, '{', spec_len)) {
            if (depth >= 2) {
                sb_free(&sb);
                UNPROTECT(ts, 1);
                RAISE(ts, ValueError, "Max string recursion exceeded");
                return -1;
            }
            if (render(ts, spec, spec_len, a, &sb, depth + 1) < 0) {
                sb_free(&sb);
                UNPROTECT(ts, 1);
                return -1;
            }
        } else {
            sb_append(&sb, spec, spec_len);
        }
        specstr = str_from_buf(ts, &sb);
        if (!specstr) {
            UNPROTECT(ts, 1);
            return -1;
        }
    }
    if (specstr)
        PROTECT_OBJ(ts, specstr);
    Value r = format_value(ts, v, specstr);
    UNPROTECT(ts, specstr ? 2 : 1);
    if (IS_ERR(r))
        return -1;
    sb_append(out, AS_STR(r)->data, AS_STR(r)->len);
    return 0;
}

static int render(ThreadState *ts, const char *s, size_t n, FmtArgs *a,
                  StrBuf *out, int depth)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '}') {
            if (i + 1 < n && s[i + 1] == '}') {
                sb_putc(out, '}');
                i += 2;
                continue;
            }
            RAISE(ts, ValueError, "Single '}' encountered in format string");
            return -1;
        }
        if (c != '{') {
            sb_putc(out, c);
            i++;
            continue;
        }
        if (i + 1 < n && s[i + 1] == '{') {
            sb_putc(out, '{');
            i += 2;
            continue;
        }
        if (i + 1 >= n) {
            RAISE(ts, ValueError, "Single '{' encountered in format string");
            return -1;
        }
        /* Find the matching '}', counting nested braces in the spec. */
        size_t k = i + 1;
        int level = 1;
        bool in_bracket = false;
        while (k < n) {
            if (s[k] == '[' && level == 1)
                in_bracket = true;
            else if (s[k] == ']')
                in_bracket = false;
            else if (s[k] == '{' && !in_bracket)
                level++;
            else if (s[k] == '}' && !in_bracket) {
                if (--level == 0)
                    break;
            }
            k++;
        }
        if (k >= n) {
            RAISE(ts, ValueError, "expected '}' before end of string");
            return -1;
        }
        if (render_field(ts, s + i + 1, k - i - 1, a, out, depth) < 0)
            return -1;
        i = k + 1;
    }
    return 0;
}

Value format_str_format(ThreadState *ts, ObjStr *fmt, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    FmtArgs a = {argc, argv, kwnames, UNDEF_VAL, 0, 0};
    StrBuf out;
    sb_init(&out);
    PROTECT_OBJ(ts, fmt);
    int rc = render(ts, fmt->data, fmt->len, &a, &out, 0);
    UNPROTECT(ts, 1);
    if (rc < 0) {
        sb_free(&out);
        return ERR_VAL;
    }
    return finish(ts, &out);
}

Value format_str_format_map(ThreadState *ts, ObjStr *fmt, Value mapping)
{
    FmtArgs a = {0, NULL, NULL, mapping, 0, 0};
    StrBuf out;
    sb_init(&out);
    PROTECT_OBJ(ts, fmt);
    PROTECT(ts, mapping);
    int rc = render(ts, fmt->data, fmt->len, &a, &out, 0);
    UNPROTECT(ts, 2);
    if (rc < 0) {
        sb_free(&out);
        return ERR_VAL;
    }
    return finish(ts, &out);
}

Value format_method(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_positional(ts, "__format__", argc - 1, kw, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "__format__() argument must be str, not %s",
                     obj_type_name(ts, argv[1]));
    return format_builtin(ts, argv[0], AS_STR(argv[1]));
}
