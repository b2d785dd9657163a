/* pm_sysdev: devices in sysfs — the numbered entries of a class folder
 * (card0, accel1, hwmon3) and the optional number files of a device.
 *
 * Ownership: pm_sysdev_numbered hands back an array from malloc, which
 * the caller frees.  pm_sysdev_number reads through a caller's pm_buf.
 */
#ifndef PM_SYSDEV_H
#define PM_SYSDEV_H

#include <stdint.h>

#include "pm_err.h"
#include "pm_sysfile.h"

/* The numbers N of the entries of root/rel named exactly prefixN, in
 * ascending order, into *nums: how many (0, *nums NULL, when the folder
 * does not exist), or -1 with e. */
int pm_sysdev_numbered(const char *root, const char *rel, const char *prefix,
    unsigned **nums, struct pm_err *e);

/* The unsigned number in root/rel, read through b: 1 when read, 0 when
 * the file is missing or does not answer (a sysfs file may say EIO or
 * ENODATA), -1 with e when it holds something else ("PATH: not a
 * number"). */
int pm_sysdev_number(struct pm_buf *b, const char *root, const char *rel,
    uint64_t *v, struct pm_err *e);

/* The value of KEY=value in a uevent file root/rel into buf ("" when the
 * file or the key is missing). */
void pm_sysdev_uevent(const char *root, const char *rel, const char *key,
    char *buf, size_t size);

#endif
