/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "visit.h"

typedef int vnuma__placeholder;
