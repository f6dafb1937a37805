/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "numa.h"

typedef int vnuma__placeholder;
