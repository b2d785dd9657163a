#include "pm_human.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Scaled by `base` with prefixes from k up: one decimal below 100 and
 * none above; unscaled, about three significant digits. */
static void
scaled(double v, double base, const char *const *prefix, const char *unit,
    char *buf, size_t size)
{
	double a = fabs(v);
	size_t i = 0;

	while (a >= base * 0.9995 && prefix[i + 1] != NULL) {
		a /= base;
		v /= base;
		i++;
	}
	if (i > 0)
		snprintf(buf, size, "%.*f%s%s", a >= 99.95 ? 0 : 1, v,
		    prefix[i], unit);
	else if (a == floor(a) || a >= 99.95)
		snprintf(buf, size, "%.0f%s%s", v, prefix[0], unit);
	else if (a >= 0.9995)
		snprintf(buf, size, "%.*f%s%s", a >= 9.995 ? 1 : 2, v,
		    prefix[0], unit);
	else
		snprintf(buf, size, "%.3g%s%s", v, prefix[0], unit);
}

static void
seconds(double v, char *buf, size_t size)
{
	static const struct { double div, below; const char *name; } u[] = {
		{ 1e-9, 1e-6, " ns" }, { 1e-6, 1e-3, " µs" },
		{ 1e-3, 1, " ms" }, { 1, 60, " s" }, { 60, 3600, " min" },
		{ 3600, 86400, " h" }, { 86400, INFINITY, " d" },
	};
	double a = fabs(v);
	size_t i;

	if (a == 0) {
		snprintf(buf, size, "0 s");
		return;
	}
	for (i = 0; i < sizeof(u) / sizeof(u[0]) - 1; i++)
		if (a < u[i].below * 0.9995)
			break;
	a /= u[i].div;
	snprintf(buf, size, "%.*f%s", a >= 99.95 ? 0 : 1,
	    v / u[i].div, u[i].name);
}

/* The known units; 0 when unit is none of them. */
static int
known(double v, const char *unit, size_t len, char *buf, size_t size)
{
	static const char *const si[] = { "", "k", "M", "G", "T", "P", NULL };
	static const char *const si_sp[] = { " ", " k", " M", " G", " T",
		" P", NULL };
	static const char *const iec[] = { " B", " KiB", " MiB", " GiB",
		" TiB", " PiB", NULL };

#define IS(name) (len == sizeof(name) - 1 && strncmp(unit, name, len) == 0)
	if (unit == NULL || IS("none") || IS("count"))
		scaled(v, 1000, si, "", buf, size);
	else if (IS("percent"))
		snprintf(buf, size, "%.1f %%", v);
	else if (IS("bytes"))
		scaled(v, 1024, iec, "", buf, size);
	else if (IS("bytes/s"))
		scaled(v, 1024, iec, "/s", buf, size);
	else if (IS("seconds"))
		seconds(v, buf, size);
	else if (IS("celsius"))
		snprintf(buf, size, "%.1f °C", v);
	else if (IS("watts"))
		scaled(v, 1000, si_sp, "W", buf, size);
	else if (IS("hertz"))
		scaled(v, 1000, si_sp, "Hz", buf, size);
	else if (IS("1/s"))
		scaled(v, 1000, si, "/s", buf, size);
	else
		return 0;
#undef IS
	return 1;
}

const char *
pm_human(double v, const char *unit, char *buf, size_t size)
{
	size_t len = unit ? strlen(unit) : 0, n;

	if (isnan(v)) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (known(v, unit, len, buf, size))
		return buf;
	/* U/h, U/s: U's own form, then the "per". */
	if (len > 2 && unit[len - 2] == '/' && (unit[len - 1] == 'h' ||
	    unit[len - 1] == 's') && known(v, unit, len - 2, buf, size)) {
		n = strlen(buf);
		snprintf(buf + n, size - n, "/%c", unit[len - 1]);
		return buf;
	}
	scaled(v, 1000, (const char *const[]){ "", "k", "M", "G", "T", "P",
	    NULL }, "", buf, size);
	n = strlen(buf);
	snprintf(buf + n, size - n, " %s", unit);
	return buf;
}
