/* pm_human: numbers for people, with their unit: "1.2 GiB", "23.1 %",
 * "350 ms", "12.3k/s".  For tables, never for points (points keep full
 * precision in pm_number_format).
 *
 *   percent      one decimal and " %"
 *   bytes        powers of 1024: B, KiB, MiB, GiB, TiB, PiB (bytes/s too)
 *   seconds      ns, µs, ms, s, then min, h, d
 *   celsius      one decimal and " °C"
 *   watts, hertz powers of 1000 with W, Hz
 *   1/s          the number and "/s"
 *   none, count or no unit: the number alone
 *   U/h, U/s     U's form followed by "/h" or "/s"
 *   anything else: the number and the unit
 * A number alone has about three significant digits, with k, M, G, T, P
 * from a thousand up (one decimal below 100).
 *
 * Ownership: writes into the caller's buffer.
 */
#ifndef PM_HUMAN_H
#define PM_HUMAN_H

#include <stddef.h>

/* Write v with unit (NULL: none) into buf; returns buf. */
const char *pm_human(double v, const char *unit, char *buf, size_t size);

#endif
