/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "../topology_internal.h"

typedef int vnuma__placeholder;
