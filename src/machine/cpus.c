/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "machine.h"

typedef int vnuma__placeholder;
