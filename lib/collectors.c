/* The collector table: pm-sample writes collectors in this order. */
#include "pm_collect.h"

extern const struct pm_collector pm_collector_cpu;
extern const struct pm_collector pm_collector_mem;
extern const struct pm_collector pm_collector_load;
extern const struct pm_collector pm_collector_disk;
extern const struct pm_collector pm_collector_net;
extern const struct pm_collector pm_collector_fs;
extern const struct pm_collector pm_collector_pressure;
extern const struct pm_collector pm_collector_thermal;
extern const struct pm_collector pm_collector_gpu;
extern const struct pm_collector pm_collector_gpu_proc;
extern const struct pm_collector pm_collector_npu;

const struct pm_collector *const pm_collectors[] = {
	&pm_collector_cpu,
	&pm_collector_mem,
	&pm_collector_load,
	&pm_collector_disk,
	&pm_collector_net,
	&pm_collector_fs,
	&pm_collector_pressure,
	&pm_collector_thermal,
	&pm_collector_gpu,
	&pm_collector_gpu_proc,
	&pm_collector_npu,
	NULL,
};
