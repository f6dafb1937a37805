/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "../config_internal.h"

typedef int vnuma__placeholder;
