/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "number.h"

typedef int vnuma__placeholder;
