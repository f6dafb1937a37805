/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "opts.h"

typedef int vnuma__placeholder;
