/* SPDX-License-Identifier: MIT */
/* Placeholder: being written. */
#include "backend.h"

typedef int vnuma__placeholder;
